public import Speech

/// One call as a call flow sees it: say things, hear keys, record, hang up — with typed outcomes and no SIP or RTP
/// in sight. A caller hanging up makes every waiting operation throw `CallError.hungUp`, so a flow reads straight
/// through and cleans up in `defer`.
public protocol Call: Sendable {
    /// The SIP Call-ID, for logs.
    var callID: String { get }
    /// Who is calling.
    var caller: CallerIdentity { get }

    /// Says the utterances in order; with `bargeIn`, a key stops it (and is kept for `collectDigits`).
    func play(_ utterances: [Utterance], bargeIn: Bool) async throws(CallError) -> CallPlayback
    /// Collects up to `max` keys, ending on a terminator or a timeout.
    func collectDigits(
        max: Int, terminators: Set<Character>, firstDigitTimeout: Duration, interDigitTimeout: Duration
    ) async throws(CallError) -> CallDigits
    /// Records the caller into a WAV file; every ending keeps the audio, a hang-up included.
    func record(to path: String, maxDuration: Duration, silenceTimeout: Duration?, stopDigits: Set<Character>) async throws(CallError) -> CallRecording
    /// Transfers the caller to `number` (an extension or a number the PBX dials) by a blind transfer, and says how
    /// it went. After `.completed` the caller is with the target and this call is over.
    func transfer(to number: String) async throws(CallError) -> CallTransfer
    /// Ends the call.
    func hangUp() async
}

extension Call {
    /// Says the utterances with barge-in on.
    public func play(_ utterances: Utterance...) async throws(CallError) -> CallPlayback {
        try await play(utterances, bargeIn: true)
    }

    /// Collects keys with the usual timeouts (5 s for the first, 3 s between) and `#` as terminator.
    public func collectDigits(max: Int) async throws(CallError) -> CallDigits {
        try await collectDigits(max: max, terminators: ["#"], firstDigitTimeout: .seconds(5), interDigitTimeout: .seconds(3))
    }
}

/// Something a flow says.
public enum Utterance: Sendable, Hashable {
    /// A phrase of the prompt catalogue (synthesized, cached, or the administrator's recording).
    case phrase(PromptPhrase)
    /// A WAV file, such as a user's recorded name or greeting, or a message.
    case file(String)
    /// A WAV file from a point in it on (a message resumed after a pause, rewound or fast-forwarded).
    case fileSegment(String, from: Duration)
    /// A pause.
    case silence(milliseconds: Int)
    /// The tone before a recording.
    case beep
}

/// How a `play` ended.
public enum CallPlayback: Sendable, Hashable {
    /// Everything was said.
    case completed
    /// The caller pressed this key (it is kept for the next `collectDigits`).
    case interrupted(Character)
}

/// How a `collectDigits` ended.
public enum CallDigits: Sendable, Hashable {
    /// Keys, ended by the maximum count or by the terminator (not included).
    case digits(String, terminator: Character?)
    /// A timeout expired; the keys pressed before it.
    case timedOut(String)
}

/// A finished recording.
public struct CallRecording: Sendable, Hashable {
    /// Why it stopped.
    public enum End: Sendable, Hashable {
        /// A stop key.
        case key(Character)
        /// Silence after the timeout.
        case silence
        /// The maximum length.
        case maxDuration
        /// The caller hung up (the audio is kept).
        case hangUp
    }

    /// The WAV file.
    public var path: String
    /// Its length.
    public var duration: Duration
    /// Whether any voice was heard.
    public var heardVoice: Bool
    /// Why it stopped.
    public var end: End

    /// Creates a recording result.
    public init(path: String, duration: Duration, heardVoice: Bool, end: End) {
        self.path = path
        self.duration = duration
        self.heardVoice = heardVoice
        self.end = end
    }
}

/// How a blind transfer ended.
public enum CallTransfer: Sendable, Hashable {
    /// The target answered: the caller is with them, and Herald's leg is closed.
    case completed
    /// The PBX took the transfer and will not say how it went (no subscription, RFC 4488): Herald's leg is closed.
    case accepted
    /// The target was busy.
    case busy
    /// The target did not answer.
    case noAnswer
    /// The PBX refused the transfer, or the call to the target failed with this SIP status; the caller is still
    /// with Herald.
    case failed(status: Int)
}

/// Why a call operation failed.
public enum CallError: Error, Sendable, Hashable {
    /// The caller hung up (or the call was ended) while the operation waited.
    case hungUp
    /// A prompt could not be made or read.
    case prompt(String)
    /// The media failed.
    case media(String)
}
