public import SIPDialog
public import SIPMessage

/// Which requests must carry digest credentials, and how to check them (RFC 3261 §22.2, RFC 8760): for the
/// endpoints an administrator defines (a PBX that authenticates to Herald, a softphone) rather than trusted gateways.
public struct SIPAuthenticationPolicy: Sendable {
    /// Issues nonces and verifies responses.
    public var server: DigestServer
    /// Whether a request from a source must authenticate. ACK and CANCEL never are (RFC 3261 §22.1).
    public var appliesTo: @Sendable (_ method: SIPMethod, _ source: SIPTransportAddress) -> Bool
    /// The password or HA1 of a user in a realm, nil for an unknown user.
    public var lookup: @Sendable (_ username: String, _ realm: String, _ algorithm: DigestAlgorithm) async -> DigestSecret?

    /// Creates a policy.
    public init(
        server: DigestServer,
        appliesTo: @escaping @Sendable (_ method: SIPMethod, _ source: SIPTransportAddress) -> Bool,
        lookup: @escaping @Sendable (_ username: String, _ realm: String, _ algorithm: DigestAlgorithm) async -> DigestSecret?
    ) {
        self.server = server
        self.appliesTo = appliesTo
        self.lookup = lookup
    }
}
