/// RFC 3605 `a=rtcp`: the RTCP port (and optionally address) when it is not the RTP port plus one.
///
/// ```
/// a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
/// a=rtcp:53020
/// a=rtcp:53020 IN IP4 126.16.64.4
/// ```
public struct RTCPAttribute: Sendable, Hashable {
    /// The RTCP port.
    public var port: Int
    /// The RTCP address, when it differs from the stream's connection address.
    public var connection: ConnectionData?

    /// Creates an rtcp attribute.
    public init(port: Int, connection: ConnectionData? = nil) {
        self.port = port
        self.connection = connection
    }

    /// Parses the value of an `a=rtcp` attribute; `nil` when it is malformed.
    public init?(attributeValue: String) {
        let fields = attributeValue.trimmingWhitespace.whitespaceSeparatedFields
        guard fields.count == 1 || fields.count == 4, let port = parseInt(fields[0]), port <= 65535 else { return nil }
        self.port = port
        connection = fields.count == 4
            ? ConnectionData(networkType: String(fields[1]), addressType: String(fields[2]), address: String(fields[3]))
            : nil
    }

    /// The attribute value.
    public var attributeValue: String {
        guard let connection else { return String(port) }
        return "\(port) \(connection.networkType) \(connection.addressType) \(connection.address)"
    }
}
