/// A message-waiting summary (RFC 3842 §5.2, `application/simple-message-summary`): whether messages wait, the
/// account they wait in, and the voice message counts.
///
/// ```
/// Messages-Waiting: yes
/// Message-Account: sip:5000@pbx.example.com
/// Voice-Message: 2/8 (1/0)
/// ```
public struct MessageSummary: Sendable, Hashable {
    /// Voice message counts: new and old, each with how many of them are urgent.
    public struct Counts: Sendable, Hashable {
        /// Messages not heard yet.
        public var new: Int
        /// Messages heard and kept.
        public var old: Int
        /// Urgent messages among the new ones.
        public var newUrgent: Int
        /// Urgent messages among the old ones.
        public var oldUrgent: Int

        /// Counts as given.
        public init(new: Int, old: Int, newUrgent: Int = 0, oldUrgent: Int = 0) {
            self.new = new
            self.old = old
            self.newUrgent = newUrgent
            self.oldUrgent = oldUrgent
        }
    }

    /// Whether new messages wait (the lamp).
    public var messagesWaiting: Bool
    /// The account the messages are in (the voicemail access number, usually).
    public var account: String?
    /// The voice message counts, when given.
    public var voice: Counts?

    /// A summary as given.
    public init(messagesWaiting: Bool, account: String? = nil, voice: Counts? = nil) {
        self.messagesWaiting = messagesWaiting
        self.account = account
        self.voice = voice
    }

    /// The body, with CRLF line ends.
    public var serialized: String {
        var lines = ["Messages-Waiting: " + (messagesWaiting ? "yes" : "no")]
        if let account { lines.append("Message-Account: " + account) }
        if let voice { lines.append("Voice-Message: \(voice.new)/\(voice.old) (\(voice.newUrgent)/\(voice.oldUrgent))") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Parses a body. Header names are case-insensitive; other message classes (fax, pager …) and optional
    /// message headers after the summary are ignored; the urgent counts may be left out. A body without a valid
    /// `Messages-Waiting` line is malformed (400).
    public init(parsing text: String) throws(SIPMessageError) {
        var waiting: Bool?
        var account: String?
        var voice: Counts?
        for rawLine in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = rawLine.firstIndex(of: ":") else { continue }
            let name = rawLine[..<colon].trimmingWhitespace().lowercased()
            let value = rawLine[rawLine.index(after: colon)...].trimmingWhitespace()
            switch name {
            case "messages-waiting":
                switch value.lowercased() {
                case "yes": waiting = true
                case "no": waiting = false
                default: throw SIPMessageError(.syntax, "Messages-Waiting is '\(value)', not yes or no", header: "message-summary body")
                }
            case "message-account":
                account = String(value)
            case "voice-message":
                voice = try Self.counts(value)
            default:
                continue
            }
        }
        guard let waiting else { throw SIPMessageError(.syntax, "no Messages-Waiting line", header: "message-summary body") }
        self.init(messagesWaiting: waiting, account: account, voice: voice)
    }

    /// `2/8` or `2/8 (1/0)`.
    private static func counts(_ value: Substring) throws(SIPMessageError) -> Counts {
        func pair(_ text: Substring) -> (Int, Int)? {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = Int(parts[0].trimmingWhitespace()), let b = Int(parts[1].trimmingWhitespace()), a >= 0, b >= 0
            else { return nil }
            return (a, b)
        }
        let main = value.prefix { $0 != "(" }
        guard let (new, old) = pair(main) else { throw SIPMessageError(.syntax, "Voice-Message '\(value)' is not new/old", header: "message-summary body") }
        guard let open = value.firstIndex(of: "(") else { return Counts(new: new, old: old) }
        guard let close = value.firstIndex(of: ")"), close > open, let (newUrgent, oldUrgent) = pair(value[value.index(after: open)..<close]) else {
            throw SIPMessageError(.syntax, "Voice-Message '\(value)' has no valid (urgent/urgent)", header: "message-summary body")
        }
        return Counts(new: new, old: old, newUrgent: newUrgent, oldUrgent: oldUrgent)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
