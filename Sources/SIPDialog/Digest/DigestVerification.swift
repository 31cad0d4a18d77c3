/// A server's verdict on Digest credentials (RFC 3261 §22.4, RFC 7616 §3.4–§3.5).
///
/// The caller turns it into a response: `.authenticated` lets the request through; `.stale` is answered with
/// a fresh challenge carrying `stale=true` (401 from a registrar or UAS, 407 from a proxy), so the client
/// retries without asking its user; `.rejected` is answered with a fresh challenge without `stale`, and after
/// repeated failures with 403. Every rejection looks the same on the wire: the reason is for logs and metrics,
/// so that a peer cannot tell an unknown user from a wrong password.
public enum DigestVerification: Sendable, Equatable {
    /// The credentials are right for this username.
    case authenticated(username: String)
    /// The credentials were right but their nonce has expired (or its replay state was evicted): re-challenge
    /// with `stale=true`.
    case stale
    /// The credentials are not acceptable, for `RejectionReason`.
    case rejected(RejectionReason)

    /// Why credentials were refused; never includes a secret or the expected response.
    public enum RejectionReason: Sendable, Equatable, CustomStringConvertible {
        /// The scheme is not Digest (e.g. Basic).
        case notDigest(scheme: String)
        /// A required parameter is absent: username, realm, nonce, uri, response; with a qop also nc and
        /// cnonce; qop itself when RFC 2069 responses are not accepted.
        case missingParameter(String)
        /// A parameter has an impossible value, e.g. an `nc` that is not 8 hex digits.
        case malformedParameter(String)
        /// The realm is not this server's.
        case wrongRealm(String)
        /// The algorithm is not one this server offers.
        case unsupportedAlgorithm(String)
        /// The qop is not one this server offers.
        case unsupportedQop(String)
        /// The nonce was not issued by a node sharing our secret for this realm, or was altered.
        case invalidNonce
        /// The lookup knows no such user.
        case unknownUser
        /// The lookup returned an HA1 for another hash than the credentials use.
        case noSecretForAlgorithm
        /// The response does not match: wrong password, or a uri, method or body that differs from what the
        /// client hashed.
        case wrongResponse
        /// The nonce count did not increase: a replayed (or reordered) request.
        case replayedNonceCount

        /// A phrase for logs.
        public var description: String {
            switch self {
            case .notDigest(let scheme): "scheme \(scheme) is not Digest"
            case .missingParameter(let name): "missing \(name)"
            case .malformedParameter(let name): "malformed \(name)"
            case .wrongRealm(let realm): "realm \(realm) is not ours"
            case .unsupportedAlgorithm(let name): "algorithm \(name) not offered"
            case .unsupportedQop(let value): "qop \(value) not offered"
            case .invalidNonce: "nonce not issued by us"
            case .unknownUser: "unknown user"
            case .noSecretForAlgorithm: "no stored secret for the algorithm"
            case .wrongResponse: "wrong response"
            case .replayedNonceCount: "nonce count did not increase"
            }
        }
    }
}
