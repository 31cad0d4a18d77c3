/// Why digest authentication could not proceed: a challenge the client cannot answer, or a server
/// configuration that would be unsafe.
///
/// A server's verdict on credentials is not an error but a ``DigestVerification``.
public enum DigestAuthenticationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No challenge (for the requested realm) was given.
    case noChallenge
    /// Challenges were given, but none uses the Digest scheme; the schemes found, e.g. `["Basic"]`.
    case unsupportedScheme([String])
    /// Every Digest challenge names an algorithm we do not support (e.g. `SHA-512-256`, `AKAv1-MD5`).
    case unsupportedAlgorithm([String])
    /// The Digest challenges offer only qop values we do not support (e.g. `auth-conf`).
    case unsupportedQop([String])
    /// The stored HA1 was computed with another hash than any usable challenge asks for.
    case noSecretForAlgorithm([String])
    /// A Digest challenge is unusable as written (no realm, no nonce, a `-sess` algorithm without qop).
    case malformedChallenge(String)
    /// A server setting that would make authentication unsafe or impossible (short secret, no algorithms).
    case invalidConfiguration(String)

    /// A sentence for logs; never contains a secret.
    public var description: String {
        switch self {
        case .noChallenge: "no digest challenge"
        case .unsupportedScheme(let schemes): "no Digest challenge, only " + schemes.joined(separator: ", ")
        case .unsupportedAlgorithm(let names): "unsupported digest algorithm " + names.joined(separator: ", ")
        case .unsupportedQop(let values): "unsupported qop " + values.joined(separator: ", ")
        case .noSecretForAlgorithm(let names): "no stored HA1 for digest algorithm " + names.joined(separator: ", ")
        case .malformedChallenge(let why): "malformed digest challenge: " + why
        case .invalidConfiguration(let why): "invalid digest configuration: " + why
        }
    }
}
