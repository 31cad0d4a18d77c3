/// One Reason header value (RFC 3326 §2): why a request was made, e.g. `SIP;cause=486;text="Busy Here"` or `Q.850;cause=16`.
public struct SIPReason: Sendable, Equatable, CustomStringConvertible {
    /// `SIP`, `Q.850` or another protocol token.
    public var protocolName: String
    /// Parameters: `cause`, `text`.
    public var parameters: SIPParameters

    /// Creates a Reason value.
    public init(protocolName: String, cause: Int, text: String? = nil) {
        self.protocolName = protocolName
        parameters = SIPParameters([("cause", String(cause))])
        if let text { parameters.append("text", SIPParameters.quote(text)) }
    }

    init(protocolName: String, parameters: SIPParameters) {
        self.protocolName = protocolName
        self.parameters = parameters
    }

    /// The `cause` code.
    public var cause: Int? { (parameters["cause"] ?? nil).flatMap { Int($0) } }
    /// The `text`, unquoted.
    public var text: String? { parameters.unquotedValue("text") }

    /// `SIP;cause=200;text="Call completed elsewhere"`.
    public var description: String { protocolName + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPReason {
        s.skipLWS()
        let name = try s.token("reason protocol")
        return SIPReason(protocolName: name, parameters: try s.parameters())
    }
}
