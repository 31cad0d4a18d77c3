import SIPMessage
import Testing
@testable import SIPDialog

@Suite("Digest server")
struct DigestServerTests {
    typealias Fixtures = DigestFixtures

    static let users = ["bob": "zanzibar", "alice": "l1ttle-lamb"]

    /// The lookup a registrar would make, from cleartext passwords.
    static func passwords(_ username: String, _ realm: String, _ algorithm: DigestAlgorithm) -> DigestSecret? {
        users[username].map(DigestSecret.password)
    }

    func makeServer(
        algorithms: [DigestAlgorithm] = [.sha256, .md5], qop: [DigestQop] = [.auth], lifetime: Duration = .seconds(300),
        withoutQop: Bool = false, capacity: Int = 1000
    ) throws -> DigestServer {
        try DigestServer(
            realm: "biloxi.com", secret: Fixtures.secret, algorithms: algorithms, qopOptions: qop, nonceLifetime: lifetime,
            acceptsResponsesWithoutQop: withoutQop, replayCacheCapacity: capacity)
    }

    /// Challenge → wire → client → wire → verify.
    func roundTrip(
        _ server: DigestServer, client: inout DigestClient, method: SIPMethod = .register, body: [UInt8] = [],
        issuedAt: Int64 = Fixtures.now, verifiedAt: Int64 = Fixtures.now, seed: UInt64 = 1
    ) async throws -> (DigestVerification, SIPAuthorization) {
        var generator = SeededGenerator(seed: seed)
        let challenges = server.challenge(now: issuedAt, using: &generator)
        let response = try Fixtures.response(status: "401 Unauthorized", challenges.map { "WWW-Authenticate: \($0)" })
        let credentials = try client.authorization(
            for: response.headers.authorizations(.wwwAuthenticate), method: method, uri: "sip:biloxi.com", body: body, using: &generator)
        let received = try Fixtures.overTheWire(credentials, method: method)
        let verdict = await server.verify(credentials: received, method: method, body: body, now: verifiedAt, lookup: Self.passwords)
        return (verdict, received)
    }

    // MARK: - Challenges

    @Test("One challenge per algorithm, strongest first, one shared nonce, qop=\"auth\"")
    func challengeShape() throws {
        let server = try makeServer(algorithms: [.md5, .sha256])
        var generator = SeededGenerator(seed: 9)
        let challenges = server.challenge(now: Fixtures.now, using: &generator)
        #expect(challenges.map(\.algorithm) == ["SHA-256", "MD5"])
        #expect(challenges.allSatisfy { $0.qop == "auth" && $0.realm == "biloxi.com" && !$0.isStale })
        let nonce = try #require(challenges.first?.nonce)
        #expect(challenges.allSatisfy { $0.nonce == nonce })
        #expect(nonce.utf8.count == 64 && DigestBytes.bytes(hex: nonce) != nil)
        #expect(challenges[0].description.hasPrefix(#"Digest realm="biloxi.com", nonce=""#))
        #expect(challenges[0].description.hasSuffix(#"", algorithm=SHA-256, qop="auth""#))

        let stale = server.challenge(now: Fixtures.now, stale: true, using: &generator)
        #expect(stale.allSatisfy { $0.isStale })
        #expect(stale[0].nonce != nonce, "every challenge gets a fresh salt")

        var again = SeededGenerator(seed: 9)
        #expect(server.challenge(now: Fixtures.now, using: &again) == challenges, "deterministic for a seeded generator")
    }

    @Test("Unsafe configurations are refused")
    func configuration() {
        #expect(throws: DigestAuthenticationError.self) { try DigestServer(realm: "r", secret: Array("short".utf8)) }
        #expect(throws: DigestAuthenticationError.self) { try DigestServer(realm: "r", secret: Fixtures.secret, algorithms: []) }
        #expect(throws: DigestAuthenticationError.self) { try DigestServer(realm: "r", secret: Fixtures.secret, qopOptions: []) }
        #expect(throws: DigestAuthenticationError.self) {
            try DigestServer(realm: "r", secret: Fixtures.secret, nonceLifetime: .milliseconds(10))
        }
    }

    @Test("The server's mirror hides the secret")
    func mirrorHidesSecret() throws {
        var dumped = ""
        dump(try makeServer(), to: &dumped)
        #expect(!dumped.contains("secret"))
        #expect(!dumped.contains("- 48\n"))  // "0" = 48, the secret's first byte, as a byte dump would show it
        #expect(dumped.contains("biloxi.com"))
    }

    // MARK: - Round trips

    @Test("Client → server round trip", arguments: DigestAlgorithm.allCases, [DigestQop.auth, .authInt])
    func roundTrips(algorithm: DigestAlgorithm, qop: DigestQop) async throws {
        let server = try makeServer(algorithms: [algorithm], qop: [.auth, .authInt])
        var client = DigestClient(username: "alice", secret: .password("l1ttle-lamb"), qopPreference: [qop])
        let body = Array("v=0\r\n".utf8)
        let (verdict, credentials) = try await roundTrip(server, client: &client, method: .invite, body: body)
        #expect(verdict == .authenticated(username: "alice"))
        #expect(credentials.algorithm == algorithm.rawValue)
        #expect(credentials.qop == qop.rawValue)
    }

    @Test("Round trip without qop (RFC 2069) when the server accepts it; the nonce is then single-use")
    func roundTripWithoutQop() async throws {
        let server = try makeServer(algorithms: [.md5], withoutQop: true)
        var generator = SeededGenerator(seed: 4)
        // A server that accepts RFC 2069 still offers qop; an old client just ignores it.
        let challenge = try #require(server.challenge(now: Fixtures.now, using: &generator).first)
        let legacy = SIPAuthorization(scheme: "Digest", parameters: challenge.parameters.filter { $0.name != "qop" })
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        let credentials = try client.authorization(for: [legacy], method: .register, uri: "sip:biloxi.com", using: &generator)
        #expect(credentials["nc"] == nil)
        #expect(await server.verify(credentials: credentials, method: .register, now: Fixtures.now, lookup: Self.passwords)
            == .authenticated(username: "bob"))
        #expect(await server.verify(credentials: credentials, method: .register, now: Fixtures.now, lookup: Self.passwords) == .stale)

        let strict = try makeServer(algorithms: [.md5])
        #expect(await strict.verify(credentials: credentials, method: .register, now: Fixtures.now, lookup: Self.passwords)
            == .rejected(.missingParameter("qop")))
    }

    @Test("A stored HA1 verifies like the password, for the plain and the -sess variant")
    func storedHA1() async throws {
        for algorithm in [DigestAlgorithm.sha256Session, .md5] {
            let server = try makeServer(algorithms: [algorithm])
            var client = DigestClient(username: "bob", secret: .password("zanzibar"))
            var generator = SeededGenerator(seed: 5)
            let challenges = server.challenge(now: Fixtures.now, using: &generator)
            let credentials = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com", using: &generator)
            let stored = algorithm.ha1(username: "bob", realm: "biloxi.com", password: "zanzibar")
            var asked: [String] = []
            let verdict = await server.verify(credentials: credentials, method: .register, now: Fixtures.now) { user, realm, algorithm in
                asked.append("\(user) \(realm) \(algorithm)")
                return .ha1(stored, algorithm: algorithm)
            }
            #expect(verdict == .authenticated(username: "bob"))
            #expect(asked == ["bob biloxi.com \(algorithm)"])
        }
    }

    @Test("Another node sharing the secret accepts the nonce; one with another secret does not")
    func cluster() async throws {
        let nodeA = try makeServer()
        let nodeB = try makeServer()
        let stranger = try DigestServer(realm: "biloxi.com", secret: Array("another secret, 16+ bytes".utf8))
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 6)
        let credentials = try client.authorization(
            for: nodeA.challenge(now: Fixtures.now, using: &generator), method: .register, uri: "sip:biloxi.com", using: &generator)
        #expect(await nodeB.verify(credentials: credentials, method: .register, now: Fixtures.now + 10, lookup: Self.passwords)
            == .authenticated(username: "bob"))
        #expect(await stranger.verify(credentials: credentials, method: .register, now: Fixtures.now, lookup: Self.passwords)
            == .rejected(.invalidNonce))
    }

    // MARK: - Refusals

    @Test("Wrong password")
    func wrongPassword() async throws {
        var client = DigestClient(username: "bob", secret: .password("Zanzibar"))
        let (verdict, _) = try await roundTrip(try makeServer(), client: &client)
        #expect(verdict == .rejected(.wrongResponse))
    }

    @Test("Unknown user, and a lookup whose HA1 is for another hash")
    func unknownUserAndWrongHA1() async throws {
        let server = try makeServer(algorithms: [.sha256])
        var client = DigestClient(username: "mallory", secret: .password("x"))
        let (verdict, credentials) = try await roundTrip(server, client: &client)
        #expect(verdict == .rejected(.unknownUser))
        let md5HA1 = await server.verify(credentials: credentials, method: .register, now: Fixtures.now) { _, _, _ in
            DigestSecret.ha1(String(repeating: "a", count: 32), algorithm: .md5)
        }
        #expect(md5HA1 == .rejected(.noSecretForAlgorithm))
    }

    @Test("A tampered nonce is rejected before any lookup")
    func tamperedNonce() async throws {
        let server = try makeServer()
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 8)
        var challenge = try #require(server.challenge(now: Fixtures.now, using: &generator).first)
        let nonce = try #require(challenge.nonce)
        // Move the timestamp forward by flipping one of its hex digits, as an attacker extending a nonce would.
        var characters = Array(nonce)
        characters[14] = characters[14] == "0" ? "1" : "0"
        let forged = String(characters)
        challenge.parameters = challenge.parameters.map { $0.name == "nonce" ? ("nonce", SIPParameters.quote(forged)) : $0 }
        let credentials = try client.authorization(for: [challenge], method: .register, uri: "sip:biloxi.com", using: &generator)
        var lookups = 0
        let verdict = await server.verify(credentials: credentials, method: .register, now: Fixtures.now) { _, _, _ in
            lookups += 1
            return DigestSecret.password("zanzibar")
        }
        #expect(verdict == .rejected(.invalidNonce))
        #expect(lookups == 0)

        // Nonces the server never issued: wrong length, not hex, another realm's.
        for bogus in ["dcd98b7102dd2f0e8b11d0f600bfb0c093", String(repeating: "g", count: 64)] {
            var fake = challenge
            fake.parameters = fake.parameters.map { $0.name == "nonce" ? ("nonce", SIPParameters.quote(bogus)) : $0 }
            let c = try client.authorization(for: [fake], method: .register, uri: "sip:biloxi.com", using: &generator)
            #expect(await server.verify(credentials: c, method: .register, now: Fixtures.now, lookup: Self.passwords) == .rejected(.invalidNonce))
        }
        let otherRealm = try DigestServer(realm: "atlanta.com", secret: Fixtures.secret)
        var atlantaClient = DigestClient(username: "bob", secret: .password("zanzibar"))
        var atlanta = try atlantaClient.authorization(
            for: otherRealm.challenge(now: Fixtures.now, using: &generator), method: .register, uri: "sip:biloxi.com", using: &generator)
        atlanta.parameters = atlanta.parameters.map { $0.name == "realm" ? ("realm", #""biloxi.com""#) : $0 }
        #expect(await server.verify(credentials: atlanta, method: .register, now: Fixtures.now, lookup: Self.passwords) == .rejected(.invalidNonce))
    }

    @Test("An expired nonce with the right response is stale; with a wrong one, rejected")
    func expiredNonce() async throws {
        let server = try makeServer(lifetime: .seconds(300))
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        let (atLimit, _) = try await roundTrip(server, client: &client, verifiedAt: Fixtures.now + 300)
        #expect(atLimit == .authenticated(username: "bob"))
        var late = DigestClient(username: "bob", secret: .password("zanzibar"))
        let (expired, _) = try await roundTrip(server, client: &late, verifiedAt: Fixtures.now + 301, seed: 2)
        #expect(expired == .stale)
        var wrong = DigestClient(username: "bob", secret: .password("nope"))
        let (wrongAndExpired, _) = try await roundTrip(server, client: &wrong, verifiedAt: Fixtures.now + 301, seed: 3)
        #expect(wrongAndExpired == .rejected(.wrongResponse))
        var future = DigestClient(username: "bob", secret: .password("zanzibar"))
        let (fromTheFuture, _) = try await roundTrip(server, client: &future, issuedAt: Fixtures.now + 1000, seed: 4)
        #expect(fromTheFuture == .stale)
        var absurd = DigestClient(username: "bob", secret: .password("zanzibar"))
        let (atTheDawnOfTime, _) = try await roundTrip(server, client: &absurd, issuedAt: .max, verifiedAt: .min, seed: 5)
        #expect(atTheDawnOfTime == .stale, "no overflow trap on absurd clocks")
    }

    @Test("Stale → re-challenge with stale=true → the client retries without a new password → authenticated")
    func staleFlow() async throws {
        let server = try makeServer()
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 10)
        let old = try client.authorization(
            for: server.challenge(now: Fixtures.now, using: &generator), method: .register, uri: "sip:biloxi.com", using: &generator)
        let later = Fixtures.now + 3600
        #expect(await server.verify(credentials: old, method: .register, now: later, lookup: Self.passwords) == .stale)
        let rechallenge = server.challenge(now: later, stale: true, using: &generator)
        #expect(DigestClient.isStale(rechallenge))
        let retry = try client.authorization(for: rechallenge, method: .register, uri: "sip:biloxi.com", using: &generator)
        #expect(retry["nc"] == "00000001")
        #expect(await server.verify(credentials: retry, method: .register, now: later, lookup: Self.passwords) == .authenticated(username: "bob"))
    }

    @Test("A replayed nonce count is rejected; increasing counts on one nonce are accepted")
    func replayedNonceCount() async throws {
        let server = try makeServer()
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 11)
        let challenges = server.challenge(now: Fixtures.now, using: &generator)
        let first = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com", using: &generator)
        let second = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com", using: &generator)
        let third = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com", using: &generator)
        func verify(_ c: SIPAuthorization) async -> DigestVerification {
            await server.verify(credentials: c, method: .register, now: Fixtures.now, lookup: Self.passwords)
        }
        #expect(await verify(first) == .authenticated(username: "bob"))
        #expect(await verify(first) == .rejected(.replayedNonceCount))
        #expect(await verify(third) == .authenticated(username: "bob"))
        #expect(await verify(second) == .rejected(.replayedNonceCount), "nc must increase: a late lower count is refused")
        #expect(server.rememberedNonceCount == 1)
    }

    @Test("Replay memory is bounded; a forgotten nonce is answered as stale, not accepted")
    func boundedReplayMemory() async throws {
        let server = try makeServer(capacity: 2)
        var generator = SeededGenerator(seed: 12)
        var firsts: [SIPAuthorization] = []
        for offset in 0..<3 {
            var client = DigestClient(username: "bob", secret: .password("zanzibar"))
            let challenges = server.challenge(now: Fixtures.now + Int64(offset), using: &generator)
            let credentials = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com", using: &generator)
            #expect(await server.verify(credentials: credentials, method: .register, now: Fixtures.now + 3, lookup: Self.passwords)
                == .authenticated(username: "bob"))
            firsts.append(credentials)
        }
        #expect(server.rememberedNonceCount == 2)
        // The first nonce was evicted: replaying its nc=1 must not pass.
        #expect(await server.verify(credentials: firsts[0], method: .register, now: Fixtures.now + 3, lookup: Self.passwords) == .stale)
        #expect(await server.verify(credentials: firsts[2], method: .register, now: Fixtures.now + 3, lookup: Self.passwords)
            == .rejected(.replayedNonceCount))
    }

    @Test("The table itself: counts, eviction horizon, compaction")
    func nonceCountTable() {
        var table = DigestNonceCountTable(capacity: 3)
        #expect(table.record(nonce: "a", issuedAt: 10, count: 1) == .accepted)
        #expect(table.record(nonce: "a", issuedAt: 10, count: 1) == .replayed)
        #expect(table.record(nonce: "a", issuedAt: 10, count: 5) == .accepted)
        #expect(table.record(nonce: "a", issuedAt: 10, count: 4) == .replayed)
        #expect(table.record(nonce: "z", issuedAt: 10, count: 0) == .replayed)
        for i in 0..<100 {
            #expect(table.record(nonce: "n\(i)", issuedAt: 20 + Int64(i), count: 1) == .accepted)
        }
        #expect(table.count == 3)
        #expect(table.record(nonce: "a", issuedAt: 10, count: 6) == .forgotten)
        #expect(table.record(nonce: "n50", issuedAt: 70, count: 2) == .forgotten)
        #expect(table.record(nonce: "n99", issuedAt: 119, count: 2) == .accepted)
        #expect(table.record(nonce: "later", issuedAt: 500, count: 1) == .accepted)
    }

    @Test("Credentials that do not fit what was offered")
    func malformedCredentials() async throws {
        let server = try makeServer(algorithms: [.sha256])
        var generator = SeededGenerator(seed: 13)
        let challenge = try #require(server.challenge(now: Fixtures.now, using: &generator).first)
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        let good = try client.authorization(for: [challenge], method: .register, uri: "sip:biloxi.com", using: &generator)

        func verify(_ edit: (inout [(name: String, value: String)]) -> Void, scheme: String = "Digest") async -> DigestVerification {
            var parameters = good.parameters
            edit(&parameters)
            return await server.verify(
                credentials: SIPAuthorization(scheme: scheme, parameters: parameters), method: .register, now: Fixtures.now,
                lookup: Self.passwords)
        }
        func replace(_ name: String, _ value: String) -> (inout [(name: String, value: String)]) -> Void {
            { $0 = $0.map { $0.name == name ? (name, value) : $0 } }
        }
        func drop(_ name: String) -> (inout [(name: String, value: String)]) -> Void {
            { $0.removeAll { $0.name == name } }
        }
        #expect(await verify({ _ in }, scheme: "Basic") == .rejected(.notDigest(scheme: "Basic")))
        for name in ["username", "realm", "nonce", "uri", "response", "nc", "cnonce", "qop"] {
            #expect(await verify(drop(name)) == .rejected(.missingParameter(name)))
        }
        #expect(await verify(replace("realm", #""atlanta.com""#)) == .rejected(.wrongRealm("atlanta.com")))
        #expect(await verify(replace("algorithm", "MD5")) == .rejected(.unsupportedAlgorithm("MD5")))
        #expect(await verify(drop("algorithm")) == .rejected(.unsupportedAlgorithm("MD5")), "absent means MD5")
        #expect(await verify(replace("algorithm", "SHA-512-256")) == .rejected(.unsupportedAlgorithm("SHA-512-256")))
        #expect(await verify(replace("qop", "auth-int")) == .rejected(.unsupportedQop("auth-int")))
        #expect(await verify(replace("nc", "1")) == .rejected(.malformedParameter("nc")))
        #expect(await verify(replace("nc", "0000000g")) == .rejected(.malformedParameter("nc")))
        #expect(await verify(replace("uri", #""sip:atlanta.com""#)) == .rejected(.wrongResponse))
        #expect(await verify(replace("response", #""\#(String(repeating: "0", count: 64))""#)) == .rejected(.wrongResponse))
        // Uppercase hex in the response is the same response (some clients write it so).
        let upper = try #require(good["response"]).uppercased()
        #expect(await verify(replace("response", #""\#(upper)""#)) == .authenticated(username: "bob"))
    }

    @Test("auth-int covers the body; a different method fails too")
    func authIntCoversBody() async throws {
        let server = try makeServer(qop: [.authInt])
        var client = DigestClient(username: "alice", secret: .password("l1ttle-lamb"))
        var generator = SeededGenerator(seed: 14)
        let credentials = try client.authorization(
            for: server.challenge(now: Fixtures.now, using: &generator), method: .message, uri: "sip:biloxi.com",
            body: Array("hello".utf8), using: &generator)
        #expect(await server.verify(credentials: credentials, method: .message, body: Array("hell0".utf8), now: Fixtures.now, lookup: Self.passwords)
            == .rejected(.wrongResponse))
        #expect(await server.verify(credentials: credentials, method: .info, body: Array("hello".utf8), now: Fixtures.now, lookup: Self.passwords)
            == .rejected(.wrongResponse))
        #expect(await server.verify(credentials: credentials, method: .message, body: Array("hello".utf8), now: Fixtures.now, lookup: Self.passwords)
            == .authenticated(username: "alice"))
    }

    @Test("Lookup errors propagate with their own type")
    func lookupErrorsPropagate() async throws {
        struct StoreDown: Error, Equatable {}
        let server = try makeServer()
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 15)
        let credentials = try client.authorization(
            for: server.challenge(now: Fixtures.now, using: &generator), method: .register, uri: "sip:biloxi.com", using: &generator)
        await #expect(throws: StoreDown()) {
            _ = try await server.verify(credentials: credentials, method: .register, now: Fixtures.now) { (_, _, _) throws(StoreDown) -> DigestSecret? in
                throw StoreDown()
            }
        }
    }

    @Test("Garbage credentials and challenges are refused without trapping")
    func garbageNeverTraps() async throws {
        let server = try makeServer(algorithms: DigestAlgorithm.allCases, qop: [.auth, .authInt], withoutQop: true)
        var generator = SeededGenerator(seed: 16)
        let alphabet = Array(#"0123456789abcdefABCDEF-/+=:,"\ gz"#)
        func junk() -> String {
            let length = Int(generator.next() % 80)
            return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let names = ["username", "realm", "nonce", "uri", "response", "algorithm", "qop", "nc", "cnonce", "opaque", "stale"]
        let realNonce = try #require(server.challenge(now: Fixtures.now, using: &generator).first?.nonce)
        for round in 0..<400 {
            var parameters: [(name: String, value: String)] = [("realm", #""biloxi.com""#), ("nonce", SIPParameters.quote(realNonce))]
            for name in names where generator.next() % 3 != 0 {
                parameters.append((name, generator.next() % 2 == 0 ? SIPParameters.quote(junk()) : junk()))
            }
            let value = SIPAuthorization(scheme: "Digest", parameters: parameters)
            let verdict = await server.verify(credentials: value, method: .register, now: Fixtures.now + Int64(round), lookup: Self.passwords)
            #expect(verdict != .authenticated(username: "bob"))
            var client = DigestClient(username: "bob", secret: .password("zanzibar"))
            _ = try? client.authorization(for: [value], method: .register, uri: "sip:biloxi.com", using: &generator)
        }
        #expect(await server.verify(credentials: SIPAuthorization(scheme: "Digest", parameters: []), method: .register, now: .min, lookup: Self.passwords)
            == .rejected(.missingParameter("username")))
    }

    @Test("The nonce encodes its time and survives encode/decode only with the same secret and realm")
    func nonceCodec() throws {
        let nonce = DigestNonce(timestamp: Fixtures.now, salt: 0x0123_4567_89AB_CDEF)
        let text = nonce.encoded(realm: "biloxi.com", secret: Fixtures.secret)
        #expect(text.hasPrefix("00000000684ee1800123456789abcdef"))
        #expect(DigestNonce(decoding: text, realm: "biloxi.com", secret: Fixtures.secret) == nonce)
        #expect(DigestNonce(decoding: text.uppercased(), realm: "biloxi.com", secret: Fixtures.secret) == nonce)
        #expect(DigestNonce(decoding: text, realm: "atlanta.com", secret: Fixtures.secret) == nil)
        #expect(DigestNonce(decoding: String(text.dropLast()), realm: "biloxi.com", secret: Fixtures.secret) == nil)
    }
}
