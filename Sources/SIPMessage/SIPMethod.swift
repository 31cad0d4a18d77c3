/// A request method (RFC 3261 §7.1). Methods are case-sensitive tokens; unknown ones are kept as written.
public struct SIPMethod: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The method token.
    public let rawValue: String

    /// Creates a method from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a method from a string literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// The method token.
    public var description: String { rawValue }

    /// `INVITE` (RFC 3261).
    public static let invite: SIPMethod = "INVITE"
    /// `ACK` (RFC 3261).
    public static let ack: SIPMethod = "ACK"
    /// `BYE` (RFC 3261).
    public static let bye: SIPMethod = "BYE"
    /// `CANCEL` (RFC 3261).
    public static let cancel: SIPMethod = "CANCEL"
    /// `OPTIONS` (RFC 3261).
    public static let options: SIPMethod = "OPTIONS"
    /// `REGISTER` (RFC 3261).
    public static let register: SIPMethod = "REGISTER"
    /// `PRACK` (RFC 3262).
    public static let prack: SIPMethod = "PRACK"
    /// `SUBSCRIBE` (RFC 6665).
    public static let subscribe: SIPMethod = "SUBSCRIBE"
    /// `NOTIFY` (RFC 6665).
    public static let notify: SIPMethod = "NOTIFY"
    /// `PUBLISH` (RFC 3903).
    public static let publish: SIPMethod = "PUBLISH"
    /// `INFO` (RFC 6086).
    public static let info: SIPMethod = "INFO"
    /// `REFER` (RFC 3515).
    public static let refer: SIPMethod = "REFER"
    /// `MESSAGE` (RFC 3428).
    public static let message: SIPMethod = "MESSAGE"
    /// `UPDATE` (RFC 3311).
    public static let update: SIPMethod = "UPDATE"
}
