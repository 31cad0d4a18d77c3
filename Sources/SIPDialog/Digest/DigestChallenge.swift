import SIPMessage

/// A Digest challenge of WWW-Authenticate or Proxy-Authenticate (RFC 3261 §22.1, §25.1 `digest-cln`;
/// RFC 7616 §3.3), with the values a client needs to answer it.
struct DigestChallenge {
    /// `unq(realm)`.
    var realm: String
    /// `unq(nonce)`.
    var nonce: String
    /// `unq(opaque)`, echoed unchanged in the credentials when present (even when empty).
    var opaque: String?
    /// The `algorithm` token as written, echoed as written (RFC 7616 §3.4), nil when absent.
    var algorithmToken: String?
    /// The qop options, lowercased, or nil when the challenge has none (RFC 2069 compatibility).
    var qopOptions: [String]?

    /// Reads the Digest parameters; `authorization.scheme` must already be known to be Digest.
    init(_ authorization: SIPAuthorization) throws(DigestAuthenticationError) {
        guard let realm = authorization.realm else { throw .malformedChallenge("no realm") }
        guard let nonce = authorization.nonce, !nonce.isEmpty else { throw .malformedChallenge("no nonce") }
        self.realm = realm
        self.nonce = nonce
        opaque = authorization.opaque
        algorithmToken = authorization.algorithm
        qopOptions = authorization.qop.map(DigestQop.options)
    }

    /// Whether a challenge or credentials value uses the Digest scheme (scheme names are case-insensitive).
    static func isDigest(_ authorization: SIPAuthorization) -> Bool {
        authorization.scheme.lowercased() == "digest"
    }
}
