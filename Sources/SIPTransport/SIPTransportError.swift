public import SIPMessage

/// The one error type of the transport layer.
public enum SIPTransportError: Error, Sendable, CustomStringConvertible {
    /// No listener of this transport and address family to send from.
    case noListener(SIPTransportAddress.Transport)
    /// The destination host could not be turned into a socket address.
    case unresolvable(String)
    /// A TLS destination or listener without TLS configuration.
    case tlsNotConfigured
    /// TLS files could not be loaded.
    case tlsSetup(String)
    /// Connecting to the destination failed.
    case connectFailed(SIPTransportAddress, String)
    /// The transport has been shut down.
    case shutDown

    /// A one-line description for logs.
    public var description: String {
        switch self {
        case .noListener(let t): "no \(t.rawValue) listener to send from"
        case .unresolvable(let host): "cannot resolve \(host)"
        case .tlsNotConfigured: "TLS is not configured"
        case .tlsSetup(let why): "TLS setup failed: \(why)"
        case .connectFailed(let to, let why): "cannot connect to \(to): \(why)"
        case .shutDown: "transport is shut down"
        }
    }
}
