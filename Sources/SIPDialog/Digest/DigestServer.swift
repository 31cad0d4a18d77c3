public import SIPMessage
import Synchronization

/// The server side of digest authentication (RFC 3261 §22.1, §22.4; RFC 7616 §3.3–§3.5; RFC 8760 §2.4) for
/// one realm: issues challenges and verifies credentials.
///
/// Nonces are stateless (see `DigestNonce`): every node of a cluster configured with the same secret accepts
/// the nonces of the others. Replay protection is per node and in memory: each remembers the highest `nc` per
/// nonce in a bounded table. A captured request could therefore be accepted once more by another node, or by
/// this one after a restart, while its nonce lives; route a client's requests to one node and keep nonce
/// lifetimes short.
///
/// The caller must also check that the credentials' `uri` parameter designates the Request-URI (RFC 7616
/// §3.4.6, RFC 2617 §3.2.2.5) before trusting the result: the response only proves that the client hashed that
/// `uri`, and which Request-URI rewrites (a proxy's, a load balancer's) are acceptable is the caller's policy.
/// It also picks the credentials to verify: the Authorization (401 role) or Proxy-Authorization (407 role) value
/// whose realm is this server's.
///
/// Time is passed in (`now`, seconds since 1970, from the caller's wall clock; nodes sharing a secret need
/// clocks within `nonceLifetime` of each other), and randomness through a generator, so tests are exact.
public final class DigestServer: Sendable, CustomReflectable {
    /// The realm of every challenge; credentials for another realm are rejected.
    public let realm: String
    /// The algorithms offered, strongest first (RFC 8760 §2.4: one challenge per algorithm, preferred first).
    public let algorithms: [DigestAlgorithm]
    /// The qop values offered (`auth` by default).
    public let qopOptions: [DigestQop]
    /// How long after issue a nonce is accepted; after that a right response earns `.stale`.
    public let nonceLifetime: Duration
    /// Whether responses without qop (RFC 2069, as RFC 3261 §22.4 still allows) are accepted. Without `nc`
    /// such a nonce cannot be reused safely, so each is accepted once and a second use is answered as stale.
    public let acceptsResponsesWithoutQop: Bool

    private let secret: [UInt8]
    private let lifetimeSeconds: Int64
    private let nonceCounts: Mutex<DigestNonceCountTable>

    /// The shortest secret accepted: 128 bits, the strength of the HMAC that authenticates nonces.
    public static let minimumSecretLength = 16

    /// Creates a server for `realm`.
    ///
    /// - Parameters:
    ///   - realm: the protection domain, e.g. the SIP domain (RFC 3261 §22.1).
    ///   - secret: the key that authenticates nonces, at least ``minimumSecretLength`` random bytes, the same
    ///     on every node that must accept the others' nonces.
    ///   - algorithms: the algorithms to offer; sorted strongest first whatever the order given.
    ///   - qopOptions: the qop values to offer.
    ///   - nonceLifetime: how long a nonce stays valid, five minutes by default.
    ///   - acceptsResponsesWithoutQop: accept RFC 2069 responses (off by default).
    ///   - replayCacheCapacity: the most nonces whose counts are remembered at once (see `DigestNonceCountTable`).
    /// - Throws: ``DigestAuthenticationError/invalidConfiguration(_:)`` for a short secret, no algorithms or
    ///   qop values, or a lifetime under one second.
    public init(
        realm: String,
        secret: [UInt8],
        algorithms: [DigestAlgorithm] = [.sha256, .md5],
        qopOptions: [DigestQop] = [.auth],
        nonceLifetime: Duration = .seconds(300),
        acceptsResponsesWithoutQop: Bool = false,
        replayCacheCapacity: Int = 65_536
    ) throws(DigestAuthenticationError) {
        guard secret.count >= Self.minimumSecretLength else {
            throw .invalidConfiguration("the nonce secret needs at least \(Self.minimumSecretLength) bytes")
        }
        guard !algorithms.isEmpty else { throw .invalidConfiguration("no algorithm offered") }
        guard !qopOptions.isEmpty else { throw .invalidConfiguration("no qop offered") }
        let seconds = nonceLifetime.components.seconds
        guard seconds >= 1 else { throw .invalidConfiguration("nonce lifetime under one second") }
        guard replayCacheCapacity >= 1 else { throw .invalidConfiguration("replay cache capacity under one") }

        self.realm = realm
        self.secret = secret
        self.algorithms = DigestAlgorithm.allCases.filter(algorithms.contains)
        self.qopOptions = DigestQop.allCases.filter(qopOptions.contains)
        self.nonceLifetime = nonceLifetime
        self.acceptsResponsesWithoutQop = acceptsResponsesWithoutQop
        lifetimeSeconds = seconds
        nonceCounts = Mutex(DigestNonceCountTable(capacity: replayCacheCapacity))
    }

    /// Shows the configuration only: the secret stays out of `dump` and debugger output.
    public var customMirror: Mirror {
        Mirror(self, children: ["realm": realm, "algorithms": algorithms, "nonceLifetime": nonceLifetime])
    }

    // MARK: - Challenges

    /// Challenges with a nonce salted from the system's random generator.
    ///
    /// See ``challenge(now:stale:using:)``.
    public func challenge(now: Int64, stale: Bool = false) -> [SIPAuthorization] {
        var generator = SystemRandomNumberGenerator()
        return challenge(now: now, stale: stale, using: &generator)
    }

    /// The WWW-Authenticate (or, for a proxy, Proxy-Authenticate) values for a 401 (407): one per offered
    /// algorithm, strongest first, sharing one fresh nonce (RFC 8760 §2.4), e.g.
    /// `Digest realm="example.com", nonce="…", algorithm=SHA-256, qop="auth"`.
    ///
    /// - Parameters:
    ///   - now: the current time in seconds since 1970; it is written into the nonce.
    ///   - stale: add `stale=true`, after ``verify(credentials:method:body:now:lookup:)`` returned `.stale`.
    ///   - generator: the source of the nonce's salt.
    public func challenge(now: Int64, stale: Bool = false, using generator: inout some RandomNumberGenerator) -> [SIPAuthorization] {
        let nonce = DigestNonce(timestamp: now, salt: generator.next()).encoded(realm: realm, secret: secret)
        let qop = SIPParameters.quote(qopOptions.map(\.rawValue).joined(separator: ","))
        return algorithms.map { algorithm in
            var parameters: [(name: String, value: String)] = [
                ("realm", SIPParameters.quote(realm)),
                ("nonce", SIPParameters.quote(nonce)),
                ("algorithm", algorithm.rawValue),
                ("qop", qop),
            ]
            if stale {
                parameters.append(("stale", "true"))
            }
            return SIPAuthorization(scheme: "Digest", parameters: parameters)
        }
    }

    // MARK: - Verification

    /// Checks credentials from an Authorization or Proxy-Authorization value.
    ///
    /// In order: the scheme, required parameters, realm, algorithm and qop against what we offer, the nonce's
    /// MAC (before any lookup, so forged nonces cost no database query), the user's secret, the response
    /// (compared in constant time), the nonce's age (a right response with an old nonce is `.stale`, never a
    /// wrong one, RFC 7616 §3.3), and last the nonce count, recorded only once everything else passed so that
    /// failed guesses cannot burn a client's counts.
    ///
    /// - Parameters:
    ///   - credentials: the parsed header value.
    ///   - method: the request's method; it enters A2.
    ///   - body: the request body, hashed when the client chose qop `auth-int`.
    ///   - now: the current time in seconds since 1970.
    ///   - lookup: the password or HA1 of `username` in `realm` for `algorithm`, or nil for an unknown user.
    ///     Called at most once, after the nonce proved genuine; its errors are rethrown.
    /// - Returns: `.authenticated`, `.stale` or `.rejected`; see ``DigestVerification``.
    public func verify<Failure: Error>(
        credentials: SIPAuthorization,
        method: SIPMethod,
        body: [UInt8] = [],
        now: Int64,
        lookup: (_ username: String, _ realm: String, _ algorithm: DigestAlgorithm) async throws(Failure) -> DigestSecret?
    ) async throws(Failure) -> DigestVerification {
        let parsed: Credentials
        switch parse(credentials) {
        case .valid(let value): parsed = value
        case .invalid(let reason): return .rejected(reason)
        }

        guard let secretValue = try await lookup(parsed.username, realm, parsed.algorithm) else {
            return .rejected(.unknownUser)
        }
        guard let ha1 = secretValue.ha1(for: parsed.algorithm, username: parsed.username, realm: realm) else {
            return .rejected(.noSecretForAlgorithm)
        }
        let expected = parsed.algorithm.response(
            ha1: ha1,
            .init(
                nonce: parsed.nonceText, qop: parsed.qop, nonceCount: parsed.nonceCountText, cnonce: parsed.cnonce,
                method: method.rawValue, uri: parsed.uri, body: body))
        guard DigestBytes.constantTimeEqual(Array(expected.utf8), Array(parsed.response.lowercased().utf8)) else {
            return .rejected(.wrongResponse)
        }

        // A nonce from further in the future than a lifetime can only come from a node with a wrong clock;
        // a fresh challenge from this node is the way out. Overflow-checked, as `now` is the caller's.
        let (age, overflow) = now.subtractingReportingOverflow(parsed.nonce.timestamp)
        guard !overflow, age <= lifetimeSeconds, age >= -lifetimeSeconds else { return .stale }

        let outcome = nonceCounts.withLock { table in
            table.record(nonce: parsed.nonceText.lowercased(), issuedAt: parsed.nonce.timestamp, count: parsed.nonceCount)
        }
        switch outcome {
        case .accepted:
            return .authenticated(username: parsed.username)
        case .forgotten:
            return .stale
        case .replayed:
            // Without qop there is no count: a second use of the nonce is answered with a fresh one.
            return parsed.qop == nil ? .stale : .rejected(.replayedNonceCount)
        }
    }

    /// The number of nonces whose counts are remembered (for metrics and tests).
    public var rememberedNonceCount: Int {
        nonceCounts.withLock { $0.count }
    }

    /// Credentials whose syntax and nonce passed, ready for the response check.
    private struct Credentials {
        var username: String
        var nonceText: String
        var nonce: DigestNonce
        var uri: String
        var response: String
        var algorithm: DigestAlgorithm
        var qop: DigestQop?
        var nonceCountText: String
        var nonceCount: UInt32
        var cnonce: String
    }

    private enum ParseOutcome {
        case valid(Credentials)
        case invalid(DigestVerification.RejectionReason)
    }

    private func parse(_ credentials: SIPAuthorization) -> ParseOutcome {
        guard DigestChallenge.isDigest(credentials) else {
            return .invalid(.notDigest(scheme: credentials.scheme))
        }
        let required = ["username", "realm", "nonce", "uri", "response"]
        var values: [String: String] = [:]
        for name in required {
            guard let value = credentials[name], !value.isEmpty else { return .invalid(.missingParameter(name)) }
            values[name] = value
        }
        let username = values["username", default: ""]
        let nonceText = values["nonce", default: ""]
        let credentialsRealm = values["realm", default: ""]
        guard credentialsRealm == realm else { return .invalid(.wrongRealm(credentialsRealm)) }

        let algorithmToken = credentials.algorithm ?? DigestAlgorithm.md5.rawValue
        guard let algorithm = DigestAlgorithm(token: algorithmToken), algorithms.contains(algorithm) else {
            return .invalid(.unsupportedAlgorithm(algorithmToken))
        }

        var qop: DigestQop?
        var nonceCountText = ""
        var nonceCount: UInt32 = 1
        var cnonce = ""
        if let qopToken = credentials.qop {
            guard let chosen = DigestQop(rawValue: qopToken.lowercased()), qopOptions.contains(chosen) else {
                return .invalid(.unsupportedQop(qopToken))
            }
            guard let nc = credentials["nc"] else { return .invalid(.missingParameter("nc")) }
            // nc-value = 8LHEX (RFC 3261 §25.1); exactly eight, so that "1" and "00000001" are not two spellings.
            guard nc.utf8.count == 8, let bytes = DigestBytes.bytes(hex: nc) else { return .invalid(.malformedParameter("nc")) }
            guard let clientNonce = credentials["cnonce"], !clientNonce.isEmpty else {
                return .invalid(.missingParameter("cnonce"))
            }
            qop = chosen
            nonceCountText = nc
            nonceCount = bytes.reduce(0) { $0 << 8 | UInt32($1) }
            cnonce = clientNonce
        } else {
            guard acceptsResponsesWithoutQop, !algorithm.isSession else { return .invalid(.missingParameter("qop")) }
        }

        guard let nonce = DigestNonce(decoding: nonceText, realm: realm, secret: secret) else {
            return .invalid(.invalidNonce)
        }
        return .valid(
            Credentials(
                username: username, nonceText: nonceText, nonce: nonce, uri: values["uri", default: ""],
                response: values["response", default: ""], algorithm: algorithm, qop: qop,
                nonceCountText: nonceCountText, nonceCount: nonceCount, cnonce: cnonce))
    }
}
