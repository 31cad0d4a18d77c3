/// A Content-Type value (RFC 3261 §20.15): `type/subtype` plus parameters. Type and subtype compare case-insensitively.
public struct SIPMediaType: Sendable, Equatable, CustomStringConvertible {
    /// The type, lower-cased (`application`).
    public var type: String
    /// The subtype, lower-cased (`sdp`).
    public var subtype: String
    /// Parameters such as `charset` or `boundary`.
    public var parameters: SIPParameters

    /// Creates a media type.
    public init(_ type: String, _ subtype: String, parameters: SIPParameters = SIPParameters()) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `application/sdp`.
    public static let sdp = SIPMediaType("application", "sdp")
    /// `message/sipfrag` (RFC 3420), the body of REFER progress NOTIFYs.
    public static let sipfrag = SIPMediaType("message", "sipfrag")
    /// `application/simple-message-summary` (RFC 3842), the body of message-waiting NOTIFYs.
    public static let messageSummary = SIPMediaType("application", "simple-message-summary")
    /// `application/dtmf-relay`, the de-facto SIP INFO DTMF body.
    public static let dtmfRelay = SIPMediaType("application", "dtmf-relay")

    /// Whether type and subtype match, ignoring parameters.
    public func matches(_ other: SIPMediaType) -> Bool { type == other.type && subtype == other.subtype }

    /// `type/subtype;params`.
    public var description: String { type + "/" + subtype + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPMediaType {
        s.skipLWS()
        let type = try s.token("media type")
        try s.expect(UInt8(ascii: "/"), "'/' in media type")
        let subtype = try s.token("media subtype")
        let parameters = try s.parameters()
        return SIPMediaType(type, subtype, parameters: parameters)
    }
}
