import SIPMessage
import Testing
@testable import SIPDialog

/// Challenges written as Asterisk, Kamailio and FreeSWITCH put them on the wire, parsed by SIPMessage and
/// answered; expected responses computed independently with python's hashlib (see DigestClientTests).
@Suite("Digest challenges from real servers")
struct DigestPBXChallengeTests {
    func answer(_ challenges: [SIPAuthorization], user: String, password: String, method: SIPMethod, uri: String) throws -> SIPAuthorization {
        var client = DigestClient(username: user, secret: .password(password))
        return try client.authorization(for: challenges, method: method, uri: uri, body: [], realm: nil, makeCnonce: { "5a1b2c3d" })
    }

    @Test("Asterisk res_pjsip: no blanks, lowercase md5, opaque")
    func asteriskPJSIP() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="asterisk",nonce="1664256201/30ff48bd45c78b935077262030d584bd",opaque="5f0937be1ccec4cf",algorithm=md5,qop="auth""#)
        let credentials = try answer(challenges, user: "6001", password: "unsecurepassword", method: .register, uri: "sip:192.0.2.20")
        #expect(credentials.description == #"Digest username="6001", realm="asterisk", nonce="1664256201/30ff48bd45c78b935077262030d584bd", uri="sip:192.0.2.20", qop=auth, nc=00000001, cnonce="5a1b2c3d", response="58ff9ffe615d70f6c73465817dc93f91", algorithm=md5, opaque="5f0937be1ccec4cf""#)
    }

    @Test("Asterisk res_pjsip stale re-challenge")
    func asteriskStale() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="asterisk",nonce="1589932801/8185e08b5190c16849be3d2cacdf342d8",opaque="3067a732021f5804",stale=true,algorithm=md5,qop="auth""#)
        #expect(DigestClient.isStale(challenges))
        let credentials = try answer(challenges, user: "6001", password: "unsecurepassword", method: .register, uri: "sip:192.0.2.20")
        #expect(credentials.nonce == "1589932801/8185e08b5190c16849be3d2cacdf342d8")
    }

    @Test("Asterisk chan_sip: no qop, so the RFC 2069 form without nc and cnonce")
    func asteriskChanSIP() throws {
        let challenges = try DigestFixtures.challenges(#"WWW-Authenticate: Digest algorithm=MD5, realm="asterisk", nonce="4b5c6d7e""#)
        let credentials = try answer(challenges, user: "6001", password: "unsecurepassword", method: .register, uri: "sip:192.0.2.20")
        #expect(credentials.description == #"Digest username="6001", realm="asterisk", nonce="4b5c6d7e", uri="sip:192.0.2.20", response="bf805cfdcbf4495c9bfaf19bc2f41899", algorithm=MD5"#)
    }

    @Test("Kamailio auth module: 407 to an INVITE, base64 nonce, no algorithm")
    func kamailio() throws {
        let challenges = try DigestFixtures.challenges(
            status: "407 Proxy Authentication Required",
            #"Proxy-Authenticate: Digest realm="sip.example.org", nonce="Zq3hpWat4Hk0Nl5VJEq+vZ4GI8A6bY3K", qop="auth""#)
        let credentials = try answer(challenges, user: "alice", password: "wonderland", method: .invite, uri: "sip:2000@sip.example.org")
        #expect(credentials["response"] == "e551ceb4fdd06f9fd5bc1da313f6c0fe")
        #expect(credentials.algorithm == nil)
        #expect(try DigestFixtures.overTheWire(credentials, header: .proxyAuthorization, method: .invite, uri: "sip:2000@sip.example.org") == credentials)
    }

    @Test("Kamailio with RFC 8760 algorithms: SHA-512-256, SHA-256 and MD5, answered with SHA-256")
    func kamailioRFC8760() throws {
        let challenges = try DigestFixtures.challenges(
            status: "407 Proxy Authentication Required",
            #"Proxy-Authenticate: Digest realm="sip.example.org", nonce="Zq3hpWat4Hk0Nl5VJEq+vZ4GI8A6bY3K", qop="auth", algorithm=SHA-512-256"#,
            #"Proxy-Authenticate: Digest realm="sip.example.org", nonce="Zq3hpWat4Hk0Nl5VJEq+vZ4GI8A6bY3K", qop="auth", algorithm=SHA-256"#,
            #"Proxy-Authenticate: Digest realm="sip.example.org", nonce="Zq3hpWat4Hk0Nl5VJEq+vZ4GI8A6bY3K", qop="auth", algorithm=MD5"#)
        let credentials = try answer(challenges, user: "alice", password: "wonderland", method: .invite, uri: "sip:2000@sip.example.org")
        #expect(credentials.algorithm == "SHA-256")
        #expect(credentials["response"] == "0d3318fd9cb42e117097cddcb2f2727d2bf8a751b5654d73e636057c5597b3b9")
    }

    @Test("FreeSWITCH sofia: UUID nonce, algorithm=MD5")
    func freeSWITCH() throws {
        let challenges = try DigestFixtures.challenges(
            #"WWW-Authenticate: Digest realm="192.0.2.10", nonce="9b2bd5e6-8f3e-4c4b-9e7a-0f4b3f1d2a6c", algorithm=MD5, qop="auth""#)
        let credentials = try answer(challenges, user: "1000", password: "1234", method: .register, uri: "sip:192.0.2.10")
        #expect(credentials["response"] == "b6666e3352b009ac82d42ffffa15bafc")
        #expect(credentials.algorithm == "MD5")
    }

    @Test("RFC 3261 §20.27 example: folded header, empty opaque, stale=FALSE")
    func rfc3261Example() throws {
        let challenges = try DigestFixtures.challenges(
            status: "407 Proxy Authentication Required",
            #"Proxy-Authenticate: Digest realm="atlanta.com","#,
            #"  domain="sip:ss1.carrier.com", qop="auth","#,
            #"  nonce="f84f1cec41e6cbe5aea9c8e88d359","#,
            #"  opaque="", stale=FALSE, algorithm=MD5"#)
        #expect(!DigestClient.isStale(challenges))
        let credentials = try answer(challenges, user: "alice", password: "pw", method: .invite, uri: "sip:bob@biloxi.com")
        #expect(credentials.opaque == "")
        #expect(credentials.parameters.contains { $0.name == "opaque" && $0.value == #""""# })
    }
}
