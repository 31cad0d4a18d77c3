public import SIPMessage

/// The user agent client side of digest authentication (RFC 3261 §22.2–§22.4, RFC 7616 §3.4, RFC 8760):
/// answers 401/407 challenges with the credentials for Authorization / Proxy-Authorization.
///
/// One client per account (username and secret). It remembers, per realm, the last nonce it answered, its
/// cnonce and nonce count, so that answering the same challenge again (a REGISTER refresh, a second request
/// that reuses the nonce) sends `nc=00000002`, `00000003`, … with the same cnonce. Reusing the cnonce keeps
/// `-sess` session keys the same for every request on one nonce, whichever of RFC 2617's readings the server
/// takes. Memory is one entry per realm.
///
/// A 401/407 that answers a request which already carried credentials means either "retry with this fresh
/// nonce" (`stale=true`, see ``isStale(_:realm:)``: retry without asking the user) or "the credentials are
/// wrong" (anything else: do not loop; ask for a new password or give up).
public struct DigestClient: Sendable {
    /// The username sent in `username="…"` and hashed into HA1.
    public var username: String
    /// The password or stored HA1; never serialized.
    public var secret: DigestSecret
    /// The qop values this client is willing to use, in order of preference; `auth` first by default, since
    /// `auth-int` forces proxies to leave the body untouched and few servers offer it.
    public var qopPreference: [DigestQop]

    private var nonceStates: [String: NonceState] = [:]

    /// The per-realm state that makes `nc` count up on nonce reuse (RFC 7616 §3.4).
    private struct NonceState: Sendable {
        var nonce: String
        var cnonce: String
        var count: UInt32
    }

    /// Creates a client for one account.
    public init(username: String, secret: DigestSecret, qopPreference: [DigestQop] = [.auth, .authInt]) {
        self.username = username
        self.secret = secret
        self.qopPreference = qopPreference
    }

    /// Whether a Digest challenge (for `realm`, or any realm) carries `stale=true`: the nonce expired but the
    /// credentials were right, so the client answers the new nonce with the same secret (RFC 7616 §3.3).
    public static func isStale(_ challenges: [SIPAuthorization], realm: String? = nil) -> Bool {
        challenges.contains { challenge in
            DigestChallenge.isDigest(challenge) && challenge.isStale && (realm == nil || challenge.realm == realm)
        }
    }

    /// Credentials answering the best of `challenges`, with a cnonce from the system's random generator.
    ///
    /// See ``authorization(for:method:uri:body:realm:using:)``.
    public mutating func authorization(
        for challenges: [SIPAuthorization], method: SIPMethod, uri: String, body: [UInt8] = [], realm: String? = nil
    ) throws(DigestAuthenticationError) -> SIPAuthorization {
        var generator = SystemRandomNumberGenerator()
        return try authorization(for: challenges, method: method, uri: uri, body: body, realm: realm, using: &generator)
    }

    /// Credentials answering the best of `challenges` (the WWW-Authenticate values of a 401, or the
    /// Proxy-Authenticate values of a 407), to be sent in Authorization or Proxy-Authorization respectively.
    ///
    /// - Parameters:
    ///   - challenges: every challenge of the response; non-Digest ones are skipped. Among the usable Digest
    ///     challenges the strongest algorithm wins (SHA-256 over MD5, RFC 8760 §2.4; `-sess` after its plain
    ///     variant), ties going to the topmost. Choosing by strength rather than by order means a tampered order
    ///     cannot downgrade us (RFC 8760 §3).
    ///   - method: the method of the request being sent; it enters A2.
    ///   - uri: the Request-URI exactly as it will be serialized; it becomes `uri="…"` and enters A2.
    ///   - body: the request body, hashed only for qop `auth-int`.
    ///   - realm: answer only challenges of this realm. A forking proxy may aggregate challenges of several
    ///     realms (RFC 3261 §22.3); call once per realm and send every value.
    ///   - generator: the source of the cnonce, drawn only when a new nonce is answered with a qop.
    /// - Throws: ``DigestAuthenticationError`` when no challenge can be answered.
    public mutating func authorization(
        for challenges: [SIPAuthorization],
        method: SIPMethod,
        uri: String,
        body: [UInt8] = [],
        realm: String? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws(DigestAuthenticationError) -> SIPAuthorization {
        try authorization(
            for: challenges, method: method, uri: uri, body: body, realm: realm,
            makeCnonce: { Self.cnonce(using: &generator) })
    }

    /// The body of ``authorization(for:method:uri:body:realm:using:)`` with the cnonce source as a closure, so
    /// that tests can reproduce RFC examples whose cnonce is not hex.
    mutating func authorization(
        for challenges: [SIPAuthorization], method: SIPMethod, uri: String, body: [UInt8], realm: String?,
        makeCnonce: () -> String
    ) throws(DigestAuthenticationError) -> SIPAuthorization {
        let choice = try choose(from: challenges, realm: realm)
        let challenge = choice.challenge
        let algorithm = choice.algorithm
        let qop = choice.qop

        var state: NonceState
        // Reuse the nonce's state only if it has a cnonce whenever one is now needed (a server could offer the
        // same nonce first without qop, then with it).
        if let previous = nonceStates[challenge.realm], previous.nonce == challenge.nonce, qop == nil || !previous.cnonce.isEmpty {
            state = previous
            // After 2^32 - 1 requests on one nonce the count wraps; the server then refuses the replayed count
            // and a fresh challenge follows. Wrapping instead of trapping keeps a client process alive.
            state.count &+= 1
        } else {
            state = NonceState(nonce: challenge.nonce, cnonce: qop == nil ? "" : makeCnonce(), count: 1)
        }
        nonceStates[challenge.realm] = state

        let nonceCount = Self.nonceCount(state.count)
        let response = algorithm.response(
            ha1: choice.ha1,
            .init(
                nonce: challenge.nonce, qop: qop, nonceCount: nonceCount, cnonce: state.cnonce,
                method: method.rawValue, uri: uri, body: body))

        // Parameter order follows RFC 3261 §22.4's example; quoting follows §25.1: quoted-strings for
        // username, realm, nonce, uri, cnonce, response and opaque, bare tokens for algorithm, qop and nc.
        var parameters: [(name: String, value: String)] = [
            ("username", SIPParameters.quote(username)),
            ("realm", SIPParameters.quote(challenge.realm)),
            ("nonce", SIPParameters.quote(challenge.nonce)),
            ("uri", SIPParameters.quote(uri)),
        ]
        if let qop {
            parameters.append(("qop", qop.rawValue))
            parameters.append(("nc", nonceCount))
            parameters.append(("cnonce", SIPParameters.quote(state.cnonce)))
        }
        parameters.append(("response", SIPParameters.quote(response)))
        // Echo the algorithm exactly as the challenge wrote it, and only if it did: some servers reject an
        // algorithm parameter they did not send (RFC 7616 §3.4: the value must be the one supplied).
        if let token = challenge.algorithmToken {
            parameters.append(("algorithm", token))
        }
        if let opaque = challenge.opaque {
            parameters.append(("opaque", SIPParameters.quote(opaque)))
        }
        return SIPAuthorization(scheme: "Digest", parameters: parameters)
    }

    /// Forgets the nonce state, e.g. after the account's secret changed.
    public mutating func reset() {
        nonceStates.removeAll()
    }

    // MARK: - Choosing a challenge

    private struct Choice {
        var challenge: DigestChallenge
        var algorithm: DigestAlgorithm
        var qop: DigestQop?
        var ha1: String
    }

    private func choose(from challenges: [SIPAuthorization], realm: String?) throws(DigestAuthenticationError) -> Choice {
        let digest = challenges.filter(DigestChallenge.isDigest)
        if digest.isEmpty {
            let schemes = challenges.map(\.scheme)
            throw schemes.isEmpty ? .noChallenge : .unsupportedScheme(schemes)
        }
        let candidates = digest.filter { realm == nil || $0.realm == realm }
        if candidates.isEmpty { throw .noChallenge }

        var best: Choice?
        var unsupportedAlgorithms: [String] = []
        var otherFailure: DigestAuthenticationError?
        for value in candidates {
            do throws(DigestAuthenticationError) {
                let choice = try evaluate(value)
                // Only a strictly stronger algorithm replaces the current choice, so ties keep the topmost.
                if let current = best, current.algorithm.preferenceRank <= choice.algorithm.preferenceRank { continue }
                best = choice
            } catch .unsupportedAlgorithm(let names) {
                unsupportedAlgorithms += names
            } catch {
                otherFailure = otherFailure ?? error
            }
        }
        if let best { return best }
        // A more specific failure (malformed, qop, HA1) says more than "unknown algorithm" on another value.
        throw otherFailure ?? .unsupportedAlgorithm(unsupportedAlgorithms)
    }

    private func evaluate(_ value: SIPAuthorization) throws(DigestAuthenticationError) -> Choice {
        let challenge = try DigestChallenge(value)
        let algorithm: DigestAlgorithm
        if let token = challenge.algorithmToken {
            guard let known = DigestAlgorithm(token: token) else { throw .unsupportedAlgorithm([token]) }
            algorithm = known
        } else {
            algorithm = .md5  // RFC 3261 §25.1 / RFC 7616 §3.3: absent means MD5.
        }

        let qop: DigestQop?
        if let options = challenge.qopOptions {
            guard let preferred = qopPreference.first(where: { options.contains($0.rawValue) }) else {
                throw .unsupportedQop(options)
            }
            qop = preferred
        } else {
            // RFC 2069 compatibility: no qop, nc or cnonce. A -sess key needs a cnonce, which RFC 2617 forbids
            // sending without qop, so such a challenge cannot be answered.
            guard !algorithm.isSession else { throw .malformedChallenge("\(algorithm) without qop") }
            qop = nil
        }

        guard let ha1 = secret.ha1(for: algorithm, username: username, realm: challenge.realm) else {
            throw .noSecretForAlgorithm([algorithm.rawValue])
        }
        return Choice(challenge: challenge, algorithm: algorithm, qop: qop, ha1: ha1)
    }

    // MARK: - Formatting

    /// 128 random bits in hex: RFC 7616 §3.4 asks for a cnonce with enough entropy to defeat chosen-plaintext
    /// attacks by the server.
    private static func cnonce(using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return DigestBytes.hex(bytes)
    }

    /// `nc-value = 8LHEX` (RFC 3261 §25.1).
    static func nonceCount(_ count: UInt32) -> String {
        let digits = String(count, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
