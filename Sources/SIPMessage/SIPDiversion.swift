/// One Diversion header value (RFC 5806 §4): a party the call was diverted from, why, and how often.
///
/// PBXs put the diverting extension here when they forward a call to voicemail; the first value is the most recent
/// diversion (the last party before Herald), the last value the original called party.
public struct SIPDiversion: Sendable, Equatable, CustomStringConvertible {
    /// The diverting party and the diversion parameters.
    public var address: NameAddress

    /// Creates a Diversion value.
    public init(_ address: NameAddress) { self.address = address }

    /// Creates a Diversion value for a diverting URI and reason.
    public init(uri: SIPURI, reason: Reason, counter: Int? = nil) {
        address = NameAddress(uri: uri)
        address.parameters.append("reason", reason.rawValue)
        if let counter { address.parameters.append("counter", String(counter)) }
    }

    /// RFC 5806 `diversion-reason` values, plus whatever else a PBX sends.
    public struct Reason: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The reason token, lower-cased.
        public let rawValue: String
        /// Creates a reason from a token (case-insensitive).
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// The token.
        public var description: String { rawValue }

        /// `unknown`.
        public static let unknown = Reason(rawValue: "unknown")
        /// `user-busy`: call forward busy.
        public static let userBusy = Reason(rawValue: "user-busy")
        /// `no-answer`: call forward no answer.
        public static let noAnswer = Reason(rawValue: "no-answer")
        /// `unavailable`.
        public static let unavailable = Reason(rawValue: "unavailable")
        /// `unconditional`: call forward always (also sent by a voicemail button on many PBXs).
        public static let unconditional = Reason(rawValue: "unconditional")
        /// `time-of-day`.
        public static let timeOfDay = Reason(rawValue: "time-of-day")
        /// `do-not-disturb`.
        public static let doNotDisturb = Reason(rawValue: "do-not-disturb")
        /// `deflection`: the user sent the ringing call away.
        public static let deflection = Reason(rawValue: "deflection")
        /// `follow-me`.
        public static let followMe = Reason(rawValue: "follow-me")
        /// `out-of-service`.
        public static let outOfService = Reason(rawValue: "out-of-service")
        /// `away`.
        public static let away = Reason(rawValue: "away")
    }

    /// The diverting party's URI.
    public var uri: SIPURI { address.uri }

    /// The `reason` parameter (quotes removed), or nil if absent.
    public var reason: Reason? { address.parameters.unquotedValue("reason").map(Reason.init(rawValue:)) }
    /// The `counter` parameter: how many diversions this entry stands for.
    public var counter: Int? { address.parameters.unquotedValue("counter").flatMap { Int($0) } }
    /// The `limit` parameter.
    public var limit: Int? { address.parameters.unquotedValue("limit").flatMap { Int($0) } }
    /// The `privacy` parameter (`full`, `name`, `uri`, `off`).
    public var privacy: String? { address.parameters.unquotedValue("privacy")?.lowercased() }
    /// The `screen` parameter (`yes` or `no`).
    public var screen: String? { address.parameters.unquotedValue("screen")?.lowercased() }

    /// The serialized value.
    public var description: String { address.serialized }
}
