/// The SIP transport Herald uses towards a gateway.
public enum GatewayTransport: String, Sendable, Hashable, Codable, CaseIterable {
    /// UDP.
    case udp
    /// TCP.
    case tcp
    /// TLS (and SRTP for the media of its calls).
    case tls
}
