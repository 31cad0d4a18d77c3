public import Directory

/// Which call flow answers an INVITE, and the reasoning behind it for logs and `herald explain-call`.
public struct RoutingDecision: Sendable, Hashable {
    /// The flow chosen.
    public enum Flow: Sendable, Hashable {
        /// Log on by extension and PIN (the pilot, called directly).
        case subscriberAccess(dialPlan: String)
        /// The voicemail button: the user's own phone called the pilot diverting to itself — straight to the PIN.
        case voicemailButton(user: UMUser)
        /// Take a message for a mailbox.
        case callAnswering(user: UMUser, reason: RedirectReason, greeting: GreetingKind)
        /// An auto attendant.
        case autoAttendant(AutoAttendant)
        /// The diverting number is no UM mailbox: say so politely and hang up.
        case mailboxUnavailable(number: String)
        /// Not answered at all: the SIP status and reason to refuse with.
        case refused(status: Int, reason: String)
    }

    /// The flow.
    public var flow: Flow
    /// The gateway the INVITE came through, when it is one.
    public var gateway: IPGateway?
    /// Who is calling: a directory user's name or the number (nil when withheld).
    public var caller: CallerIdentity
    /// The steps of the decision, one line each, in order.
    public var explanation: [String]

    /// Creates a decision.
    public init(flow: Flow, gateway: IPGateway?, caller: CallerIdentity, explanation: [String]) {
        self.flow = flow
        self.gateway = gateway
        self.caller = caller
        self.explanation = explanation
    }
}

/// The calling party as Herald records it with a message: a directory user, or a number, or nobody.
public struct CallerIdentity: Sendable, Hashable {
    /// The number or user part presented (P-Asserted-Identity, Remote-Party-ID, then From).
    public var number: String?
    /// The display name presented.
    public var displayName: String?
    /// The directory user with that number, for internal callers (scenario 4a).
    public var user: UMUser?
    /// Whether the caller asked for privacy (RFC 3323 `id` or `user`).
    public var withheld: Bool

    /// Creates a caller identity.
    public init(number: String?, displayName: String?, user: UMUser?, withheld: Bool) {
        self.number = number
        self.displayName = displayName
        self.user = user
        self.withheld = withheld
    }

    /// How the caller is spoken of: the directory name, else the number, else "an unknown caller".
    public var spokenDescription: String {
        if let user { return user.displayName }
        if withheld { return "a withheld number" }
        return number ?? "an unknown caller"
    }
}
