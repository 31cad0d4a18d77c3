/// Why the PBX sent a call on to Herald: the diversion reason, in the vocabulary greetings are chosen by.
public enum RedirectReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Call forward on no answer.
    case noAnswer = "no-answer"
    /// Call forward on busy.
    case userBusy = "user-busy"
    /// Call forward always.
    case unconditional
    /// The user sent the ringing call on (deflection, "send to voicemail").
    case deflection
    /// The user is away or out of service (RFC 5806 `unavailable`, `out-of-service`, `away`).
    case unavailable
    /// A reason Herald does not tell apart.
    case unknown
}

/// Which of a user's greetings plays to a caller.
public enum GreetingKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The normal greeting.
    case standard
    /// The greeting for callers who found the user busy.
    case busy
    /// The away (out of office) greeting, which overrides the others while it is switched on.
    case away
}
