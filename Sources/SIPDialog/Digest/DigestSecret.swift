/// What proves a user's identity: the password, or the HA1 a registrar stores instead of it (RFC 7616 §3.4.2,
/// RFC 3261 §22.4).
///
/// Its description, debug description and mirror are redacted so that the secret cannot reach a log through
/// string interpolation, `dump` or a debugger summary.
public enum DigestSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The cleartext password.
    case password(String)
    /// `H(username ":" realm ":" password)` in hex for `algorithm`'s hash; one HA1 serves both an algorithm
    /// and its `-sess` variant, but an MD5 HA1 cannot answer a SHA-256 challenge.
    case ha1(String, algorithm: DigestAlgorithm)

    /// Always `DigestSecret(redacted)`.
    public var description: String { "DigestSecret(redacted)" }

    /// Always `DigestSecret(redacted)`.
    public var debugDescription: String { description }

    /// A mirror with no children, so that `dump` and reflection show nothing secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The base HA1 for `algorithm`, or nil when this is an HA1 stored for another hash.
    func ha1(for algorithm: DigestAlgorithm, username: String, realm: String) -> String? {
        switch self {
        case .password(let password):
            return algorithm.ha1(username: username, realm: realm, password: password)
        case .ha1(let hex, let stored):
            guard stored.hashAlgorithm == algorithm.hashAlgorithm, hex.utf8.count == algorithm.hexLength else { return nil }
            return hex.lowercased()
        }
    }
}
