/// TLS settings for SIP over TLS (RFC 3261 §26.2, RFC 5630), from PEM files.
public struct SIPTLSConfiguration: Sendable, Hashable {
    /// How much of a peer's certificate to check.
    public enum Verification: Sendable, Hashable {
        /// Check the chain against the trust roots and the host name.
        case full
        /// Check the chain but not the host name (peers addressed by IP literal without an IP SAN).
        case chainOnly
        /// Do not check (testing only).
        case none
    }

    /// Our certificate chain, PEM, leaf first.
    public var certificateChainPath: String
    /// Our private key, PEM.
    public var privateKeyPath: String
    /// Trust roots (PEM bundle) for verifying peers; nil uses the system's default trust store.
    public var trustRootsPath: String?
    /// Whether incoming connections must present a client certificate that verifies against the trust roots.
    public var requireClientCertificate: Bool
    /// How outgoing connections verify the server.
    public var serverVerification: Verification

    /// Creates TLS settings.
    public init(
        certificateChainPath: String, privateKeyPath: String, trustRootsPath: String? = nil,
        requireClientCertificate: Bool = false, serverVerification: Verification = .full
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.trustRootsPath = trustRootsPath
        self.requireClientCertificate = requireClientCertificate
        self.serverVerification = serverVerification
    }
}
