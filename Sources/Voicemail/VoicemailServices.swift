public import Foundation
import Logging
public import Store

/// What the voicemail flows work with besides the call: the store, the mailbox files, the clock and the time zone
/// envelopes are spoken in.
public struct VoicemailServices: Sendable {
    /// The directory, credentials and messages.
    public let store: any HeraldStore
    /// Where audio lives.
    public let files: MailboxFiles
    /// The time zone of spoken dates and times.
    public let timeZone: TimeZone
    /// The current time (injected so that tests can fix it).
    public let now: @Sendable () -> Date
    /// Timeouts of the menus.
    public let timing: VoicemailTiming
    /// Told whenever a mailbox's messages change, so that message-waiting lamps follow.
    public let messageWaiting: (any MessageWaitingNotifier)?

    /// Services over `store` and `files`.
    public init(
        store: any HeraldStore, files: MailboxFiles, timeZone: TimeZone = .current, timing: VoicemailTiming = VoicemailTiming(),
        messageWaiting: (any MessageWaitingNotifier)? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.messageWaiting = messageWaiting
        self.store = store
        self.files = files
        self.timeZone = timeZone
        self.timing = timing
        self.now = now
    }
}

/// Told when a mailbox's messages change (stored, heard, deleted, undeleted, marked new, forwarded to), so that the
/// PBX's message-waiting lamp follows. Implementations return at once and do their sending elsewhere.
public protocol MessageWaitingNotifier: Sendable {
    /// The messages of the mailbox with this primary extension changed.
    func mailboxChanged(_ primaryExtension: String)
}

/// How long the menus wait for the caller.
public struct VoicemailTiming: Sendable, Hashable {
    /// Waiting for the first key of an entry or a menu choice.
    public var firstKey: Duration
    /// Waiting between keys of an entry (extension, PIN).
    public var betweenKeys: Duration
    /// Silence that ends a recording.
    public var recordingSilence: Duration
    /// How long a pause lasts at most.
    public var pause: Duration

    /// Timeouts a caller finds neither rushed nor slow.
    public init(
        firstKey: Duration = .seconds(6), betweenKeys: Duration = .seconds(4), recordingSilence: Duration = .seconds(5),
        pause: Duration = .seconds(60)
    ) {
        self.firstKey = firstKey
        self.betweenKeys = betweenKeys
        self.recordingSilence = recordingSilence
        self.pause = pause
    }
}

/// Why a flow ended before its natural end; the flow says the matching goodbye.
enum FlowEnd: Error {
    /// Three wrong entries in a row.
    case tooManyErrors
    /// Three silences in a row.
    case noInput
    /// The flow said its last words already (a locked mailbox, for example).
    case finished
}
