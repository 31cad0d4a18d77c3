/// A transport and a socket address: where a message came from or goes to (RFC 3261 §18).
///
/// A neutral value shared by the transport layer (which opens sockets) and the transaction layer (which must not).
public struct SIPTransportAddress: Sendable, Hashable, CustomStringConvertible {
    /// The transport protocols Herald speaks.
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        /// UDP (RFC 3261 §18): unreliable, so transactions retransmit.
        case udp = "UDP"
        /// TCP (RFC 3261 §18): reliable, stream framed by Content-Length.
        case tcp = "TCP"
        /// TLS over TCP (RFC 3261 §26.2, RFC 5630): reliable and encrypted; used for SIPS.
        case tls = "TLS"

        /// Whether the transport delivers reliably, so that transactions do not retransmit (RFC 3261 §17).
        public var isReliable: Bool { self != .udp }

        /// The default port (RFC 3261 §19.1.2): 5061 for TLS, 5060 otherwise.
        public var defaultPort: Int { self == .tls ? 5061 : 5060 }

        /// Parses a Via transport token or a `transport=` URI parameter value, case-insensitively.
        public init?(token: String) {
            switch token.uppercased() {
            case "UDP": self = .udp
            case "TCP": self = .tcp
            case "TLS": self = .tls
            default: return nil
            }
        }
    }

    /// The transport.
    public var transport: Transport
    /// The host: an IPv4 address, an IPv6 address without brackets, or a name.
    public var host: String
    /// The port.
    public var port: Int

    /// Creates an address.
    public init(_ transport: Transport, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    /// The host as written in a URI or Via: IPv6 addresses in brackets.
    public var hostForURI: String { host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host }

    /// `UDP 127.0.0.1:5060`.
    public var description: String { transport.rawValue + " " + hostForURI + ":" + String(port) }
}
