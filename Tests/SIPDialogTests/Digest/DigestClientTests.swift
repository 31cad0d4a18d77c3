import SIPMessage
import Testing
@testable import SIPDialog

/// Client-side vectors. The RFC ones are the RFCs' own; the SIP ones were computed independently with python's
/// hashlib from the RFC 2617/7616 formulas:
///
///     ha1 = H(f"{user}:{realm}:{password}");  for -sess: ha1 = H(f"{ha1}:{nonce}:{cnonce}")
///     ha2 = H(f"{method}:{uri}")  or, for auth-int, H(f"{method}:{uri}:{H(body)}")
///     response = H(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")  or, without qop, H(f"{ha1}:{nonce}:{ha2}")
@Suite("Digest client")
struct DigestClientTests {
    /// Answers with a fixed cnonce, as the RFC examples need one that is not hex.
    func answer(
        _ client: inout DigestClient, _ challenges: [SIPAuthorization], method: SIPMethod, uri: String,
        body: [UInt8] = [], cnonce: String
    ) throws -> SIPAuthorization {
        try client.authorization(for: challenges, method: method, uri: uri, body: body, realm: nil, makeCnonce: { cnonce })
    }

    // MARK: - RFC examples

    @Test("RFC 7616 §3.9.1", arguments: [
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
    ])
    func rfc7616Example(algorithm: String, expected: String) throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=\#(algorithm), nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#)
        var client = DigestClient(username: "Mufasa", secret: .password("Circle of Life"))
        let credentials = try answer(
            &client, challenges, method: "GET", uri: "/dir/index.html", cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
        #expect(credentials["response"] == expected)
        #expect(credentials.description == #"Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", response="\#(expected)", algorithm=\#(algorithm), opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#)
    }

    @Test("RFC 2617 §3.5, from the password and from a stored HA1")
    func rfc2617Example() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#)
        for secret in [DigestSecret.password("Circle Of Life"), .ha1("939e7578ed9e3c518a452acee763bce9", algorithm: .md5)] {
            var client = DigestClient(username: "Mufasa", secret: secret)
            let credentials = try answer(&client, challenges, method: "GET", uri: "/dir/index.html", cnonce: "0a4f113b")
            #expect(credentials["response"] == "6629fae49393a05397450978507c4ef1")
            #expect(credentials.algorithm == nil, "no algorithm in the challenge, none echoed")
            #expect(credentials.opaque == "5ccc069c403ebaf9f0171e9517f40e41")
        }
    }

    @Test("RFC 2069 form when the challenge has no qop")
    func rfc2069Form() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093""#)
        var client = DigestClient(username: "Mufasa", secret: .password("Circle Of Life"))
        var generator = SeededGenerator(seed: 1)
        let credentials = try client.authorization(for: challenges, method: "GET", uri: "/dir/index.html", using: &generator)
        #expect(credentials.description == #"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="670fd8c2df070c60b045671b8b24ff02""#)
    }

    // MARK: - SIP vectors (python-checked)

    @Test("REGISTER, MD5, qop=auth; reuse counts nc up with the same cnonce")
    func registerMD5() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="biloxi.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="", stale=FALSE, algorithm=MD5"#)
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        let first = try answer(&client, challenges, method: .register, uri: "sip:biloxi.com", cnonce: "0a4f113b")
        #expect(first.description == #"Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="9e2d1006810044fd79f39476209ae31a", algorithm=MD5, opaque="""#)
        let second = try answer(&client, challenges, method: .register, uri: "sip:biloxi.com", cnonce: "unused")
        #expect(second["nc"] == "00000002")
        #expect(second["cnonce"] == "0a4f113b")
        #expect(second["response"] == "bef6c26ce562c084baeb1c500569a239")
        #expect(try DigestFixtures.overTheWire(second) == second)
    }

    @Test("INVITE, SHA-256, qop=auth-int over an SDP body")
    func inviteSHA256AuthInt() throws {
        let sdp = Array("v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.atlanta.com\r\ns=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n".utf8)
        let challenges = try DigestFixtures.challenges(
            status: "407 Proxy Authentication Required",
            #"Proxy-Authenticate: Digest realm="atlanta.com", qop="auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", algorithm=SHA-256"#)
        var client = DigestClient(username: "alice", secret: .password("l1ttle-lamb"))
        let credentials = try answer(&client, challenges, method: .invite, uri: "sip:bob@biloxi.com", body: sdp, cnonce: "a7c1d3f5")
        #expect(credentials["qop"] == "auth-int")
        #expect(credentials["response"] == "c5b9b660e81932036de20c1ed508d1a230e92bc841777907b65bb2f7644c4aad")
        // The same from the stored SHA-256 HA1.
        var stored = DigestClient(
            username: "alice", secret: .ha1("d2020ef6db18b893365b0bcdc444d9cbaa0d46f4f13b6e4a4f317b92e148e0e8", algorithm: .sha256))
        let fromHA1 = try answer(&stored, challenges, method: .invite, uri: "sip:bob@biloxi.com", body: sdp, cnonce: "a7c1d3f5")
        #expect(fromHA1 == credentials)
        #expect(try DigestFixtures.overTheWire(credentials, header: .proxyAuthorization, method: .invite, uri: "sip:bob@biloxi.com") == credentials)
    }

    @Test("Session variants", arguments: [
        ("MD5-sess", "bob", "zanzibar", "biloxi.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "REGISTER", "sip:biloxi.com", "0a4f113b",
         "d20652dbd76d31d860900c50052719f5"),
        ("SHA-256-sess", "alice", "l1ttle-lamb", "atlanta.com", "ea9c8e88df84f1cec4341ae6cbe5a359", "INVITE", "sip:bob@biloxi.com", "a7c1d3f5",
         "c5e0cb9fc312b9955ca9a6cd429221fa0a7dae3985bd4539acc8c9c914557498"),
    ])
    func sessionVariants(
        algorithm: String, user: String, password: String, realm: String, nonce: String, method: String, uri: String,
        cnonce: String, expected: String
    ) throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="\#(realm)", nonce="\#(nonce)", algorithm=\#(algorithm), qop="auth""#)
        var client = DigestClient(username: user, secret: .password(password))
        let credentials = try answer(&client, challenges, method: SIPMethod(rawValue: method), uri: uri, cnonce: cnonce)
        #expect(credentials["response"] == expected)
        #expect(credentials.algorithm == algorithm)
    }

    // MARK: - Choosing among challenges

    @Test("SHA-256 is chosen over MD5 whatever their order (RFC 8760 §2.4)")
    func prefersSHA256() throws {
        for order in [["MD5", "SHA-256"], ["SHA-256", "MD5"]] {
            let challenges = try DigestFixtures.challenges(
                #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n1", algorithm=\#(order[0]), qop="auth""#,
                #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n1", algorithm=\#(order[1]), qop="auth""#)
            var client = DigestClient(username: "alice", secret: .password("pw"))
            var generator = SeededGenerator(seed: 7)
            let credentials = try client.authorization(for: challenges, method: .register, uri: "sip:atlanta.com", using: &generator)
            #expect(credentials.algorithm == "SHA-256")
            #expect(credentials["response"]?.utf8.count == 64)
        }
    }

    @Test("An unknown algorithm next to MD5 falls back to MD5; a stored MD5 HA1 skips SHA-256")
    func fallsBackToWhatItCanAnswer() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n1", algorithm=SHA-512-256, qop="auth""#,
            #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n1", algorithm=SHA-256, qop="auth""#,
            #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n1", algorithm=MD5, qop="auth""#)
        var client = DigestClient(username: "alice", secret: .ha1(DigestAlgorithm.md5.ha1(username: "alice", realm: "atlanta.com", password: "pw"), algorithm: .md5))
        var generator = SeededGenerator(seed: 7)
        let credentials = try client.authorization(for: challenges, method: .register, uri: "sip:atlanta.com", using: &generator)
        #expect(credentials.algorithm == "MD5")
    }

    @Test("Unusable challenges are reported with a typed error")
    func unusableChallenges() throws {
        var client = DigestClient(username: "alice", secret: .password("pw"))
        func attempt(_ lines: String...) throws -> DigestAuthenticationError? {
            let challenges = try lines.isEmpty ? [] : DigestFixtures.response(status: "401 Unauthorized", lines).headers.authorizations(.wwwAuthenticate)
            do {
                _ = try client.authorization(for: challenges, method: .register, uri: "sip:atlanta.com")
                return nil
            } catch {
                return error
            }
        }
        #expect(try attempt() == .noChallenge)
        #expect(try attempt(#"WWW-Authenticate: Basic realm="atlanta.com""#) == .unsupportedScheme(["Basic"]))
        #expect(try attempt(#"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", algorithm=SHA-512-256"#)
            == .unsupportedAlgorithm(["SHA-512-256"]))
        #expect(try attempt(
            #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", algorithm=SHA-512-256, qop="auth""#,
            #"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", algorithm=AKAv1-MD5, qop="auth""#)
            == .unsupportedAlgorithm(["SHA-512-256", "AKAv1-MD5"]))
        #expect(try attempt(#"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", qop="auth-conf""#) == .unsupportedQop(["auth-conf"]))
        #expect(try attempt(#"WWW-Authenticate: Digest realm="atlanta.com", qop="auth""#) == .malformedChallenge("no nonce"))
        #expect(try attempt(#"WWW-Authenticate: Digest nonce="n", qop="auth""#) == .malformedChallenge("no realm"))
        #expect(try attempt(#"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", algorithm=MD5-sess"#)
            == .malformedChallenge("MD5-sess without qop"))

        var md5Only = DigestClient(username: "alice", secret: .ha1(String(repeating: "0", count: 32), algorithm: .md5))
        let sha = try DigestFixtures.challenges(#"WWW-Authenticate: Digest realm="atlanta.com", nonce="n", algorithm=SHA-256, qop="auth""#)
        #expect(throws: DigestAuthenticationError.noSecretForAlgorithm(["SHA-256"])) {
            try md5Only.authorization(for: sha, method: .register, uri: "sip:atlanta.com")
        }
    }

    @Test("Realm filter, for responses that aggregate several realms (RFC 3261 §22.3)")
    func realmFilter() throws {
        let challenges = try DigestFixtures.challenges(
            status: "407 Proxy Authentication Required",
            #"Proxy-Authenticate: Digest realm="atlanta.com", nonce="a1", qop="auth""#,
            #"Proxy-Authenticate: Digest realm="biloxi.com", nonce="b1", qop="auth""#)
        var client = DigestClient(username: "alice", secret: .password("pw"))
        #expect(try client.authorization(for: challenges, method: .invite, uri: "sip:bob@biloxi.com", realm: "biloxi.com").nonce == "b1")
        #expect(try client.authorization(for: challenges, method: .invite, uri: "sip:bob@biloxi.com", realm: "atlanta.com").nonce == "a1")
        #expect(throws: DigestAuthenticationError.noChallenge) {
            try client.authorization(for: challenges, method: .invite, uri: "sip:bob@biloxi.com", realm: "chicago.com")
        }
    }

    @Test("qop preference: auth first unless the client prefers auth-int")
    func qopPreference() throws {
        let challenges = try DigestFixtures.challenges(#"WWW-Authenticate: Digest realm="r", nonce="n", qop="auth-int,auth""#)
        var plain = DigestClient(username: "u", secret: .password("p"))
        #expect(try plain.authorization(for: challenges, method: .message, uri: "sip:r").qop == "auth")
        var integrity = DigestClient(username: "u", secret: .password("p"), qopPreference: [.authInt, .auth])
        #expect(try integrity.authorization(for: challenges, method: .message, uri: "sip:r", body: [1, 2]).qop == "auth-int")
    }

    @Test("A stale challenge is retried with the new nonce: nc restarts, a new cnonce is drawn")
    func staleRetry() throws {
        var client = DigestClient(username: "bob", secret: .password("zanzibar"))
        var generator = SeededGenerator(seed: 3)
        let first = try DigestFixtures.challenges(#"WWW-Authenticate: Digest realm="biloxi.com", nonce="old", qop="auth""#)
        let a = try client.authorization(for: first, method: .register, uri: "sip:biloxi.com", using: &generator)
        let b = try client.authorization(for: first, method: .register, uri: "sip:biloxi.com", using: &generator)
        #expect(a["nc"] == "00000001" && b["nc"] == "00000002" && a["cnonce"] == b["cnonce"])
        #expect(a["cnonce"]?.utf8.count == 32)

        let stale = try DigestFixtures.challenges(#"WWW-Authenticate: Digest realm="biloxi.com", nonce="new", qop="auth", stale=TRUE"#)
        #expect(DigestClient.isStale(stale))
        #expect(DigestClient.isStale(stale, realm: "biloxi.com"))
        #expect(!DigestClient.isStale(stale, realm: "atlanta.com"))
        #expect(!DigestClient.isStale(first))
        let c = try client.authorization(for: stale, method: .register, uri: "sip:biloxi.com", using: &generator)
        #expect(c.nonce == "new" && c["nc"] == "00000001" && c["cnonce"] != a["cnonce"])
    }

    @Test("Quoted-string values are escaped and read back the same")
    func escaping() throws {
        let challenges = try DigestFixtures.challenges(#"WWW-Authenticate: Digest realm="say \"hi\"", nonce="n", qop="auth""#)
        var client = DigestClient(username: #"al"ice\"#, secret: .password("pw"))
        let credentials = try client.authorization(for: challenges, method: .register, uri: "sip:biloxi.com")
        #expect(credentials["username"] == #"al"ice\"#)
        #expect(credentials.realm == #"say "hi""#)
        #expect(try DigestFixtures.overTheWire(credentials) == credentials)
    }

    @Test func nonceCountFormatting() {
        #expect(DigestClient.nonceCount(1) == "00000001")
        #expect(DigestClient.nonceCount(0xAB) == "000000ab")
        #expect(DigestClient.nonceCount(.max) == "ffffffff")
    }
}
