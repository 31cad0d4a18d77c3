extension DigestAlgorithm {
    /// The values that enter a `response` (request-digest) besides HA1; shared by client and server so that
    /// both compute it from one definition.
    struct ResponseInput {
        /// `unq(nonce)` from the challenge.
        var nonce: String
        /// The chosen qop, or nil for the RFC 2069 form without qop, nc and cnonce.
        var qop: DigestQop?
        /// `nc` as written, 8 hex digits (only with a qop).
        var nonceCount: String
        /// `unq(cnonce)` (only with a qop).
        var cnonce: String
        /// The request method, e.g. `REGISTER`.
        var method: String
        /// `unq(uri)`: the digest-uri, which must equal the Request-URI.
        var uri: String
        /// The message body; only auth-int hashes it.
        var body: [UInt8]
    }

    /// The request-digest (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1, RFC 3261 §22.4) from a base HA1
    /// (`H(username:realm:password)`, lowercase hex):
    ///
    ///     HA1'     = H(HA1 ":" nonce ":" cnonce)                     -sess algorithms only (RFC 7616 §3.4.2)
    ///     A2       = Method ":" uri [ ":" H(entity-body) ]           the body part only for auth-int (§3.4.3)
    ///     response = KD(HA1', nonce ":" nc ":" cnonce ":" qop ":" H(A2))   with a qop
    ///     response = KD(HA1', nonce ":" H(A2))                             without (RFC 2069)
    ///
    /// where `KD(secret, data) = H(secret ":" data)`.
    func response(ha1: String, _ input: ResponseInput) -> String {
        let key = isSession ? hash(ha1 + ":" + input.nonce + ":" + input.cnonce) : ha1
        var a2 = input.method + ":" + input.uri
        if input.qop == .authInt {
            a2 += ":" + hash(input.body)
        }
        let ha2 = hash(a2)
        guard let qop = input.qop else {
            return hash(key + ":" + input.nonce + ":" + ha2)
        }
        return hash(key + ":" + input.nonce + ":" + input.nonceCount + ":" + input.cnonce + ":" + qop.rawValue + ":" + ha2)
    }
}
