/// The Session-Expires header (RFC 4028 §4): the session interval and who refreshes (`uac` or `uas`).
public struct SIPSessionExpires: Sendable, Equatable, CustomStringConvertible {
    /// The interval in seconds.
    public var seconds: Int
    /// Parameters; `refresher` is `uac` or `uas`.
    public var parameters: SIPParameters

    /// Who refreshes the session (RFC 4028 §4).
    public enum Refresher: String, Sendable {
        /// The caller refreshes.
        case uac
        /// The callee refreshes.
        case uas
    }

    /// Creates a Session-Expires value.
    public init(seconds: Int, refresher: Refresher? = nil) {
        self.seconds = seconds
        parameters = SIPParameters()
        if let refresher { parameters.append("refresher", refresher.rawValue) }
    }

    init(seconds: Int, parameters: SIPParameters) {
        self.seconds = seconds
        self.parameters = parameters
    }

    /// The `refresher` parameter.
    public var refresher: Refresher? { (parameters["refresher"] ?? nil).flatMap { Refresher(rawValue: $0.lowercased()) } }

    /// `1800;refresher=uac`.
    public var description: String { String(seconds) + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPSessionExpires {
        s.skipLWS()
        let seconds = try s.number("delta-seconds", maxDigits: 10)
        let parameters = try s.parameters()
        try s.expectEnd()
        return SIPSessionExpires(seconds: Int(seconds), parameters: parameters)
    }
}
