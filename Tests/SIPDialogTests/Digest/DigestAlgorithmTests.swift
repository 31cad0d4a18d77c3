import SIPMessage
import Testing
@testable import SIPDialog

@Suite("Digest algorithms and secrets")
struct DigestAlgorithmTests {
    @Test func tokensAreCaseInsensitiveAndUnknownOnesAreNil() {
        #expect(DigestAlgorithm(token: "MD5") == .md5)
        #expect(DigestAlgorithm(token: "md5") == .md5)  // Asterisk's PJSIP stack writes it so
        #expect(DigestAlgorithm(token: "md5-SESS") == .md5Session)
        #expect(DigestAlgorithm(token: "SHA-256") == .sha256)
        #expect(DigestAlgorithm(token: "sha-256-sess") == .sha256Session)
        #expect(DigestAlgorithm(token: "SHA-512-256") == nil)
        #expect(DigestAlgorithm(token: "AKAv1-MD5") == nil)
        #expect(DigestAlgorithm(token: "") == nil)
    }

    @Test func allCasesAreStrongestFirst() {
        #expect(DigestAlgorithm.allCases == [.sha256, .sha256Session, .md5, .md5Session])
        #expect(DigestAlgorithm.md5Session.hashAlgorithm == .md5)
        #expect(DigestAlgorithm.sha256Session.isSession && !DigestAlgorithm.sha256.isSession)
    }

    @Test func hashesMatchPublishedVectors() {
        // RFC 1321 §A.5 and FIPS 180-2 appendix B.1.
        #expect(DigestAlgorithm.md5.hash("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(DigestAlgorithm.md5.hash("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(DigestAlgorithm.sha256.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(DigestAlgorithm.sha256Session.hash("abc") == DigestAlgorithm.sha256.hash("abc"))
        #expect(DigestAlgorithm.md5.hash("").utf8.count == DigestAlgorithm.md5.hexLength)
        #expect(DigestAlgorithm.sha256.hash("").utf8.count == DigestAlgorithm.sha256.hexLength)
    }

    @Test func ha1IsUserRealmPasswordHash() {
        // RFC 2617 §3.5's user; the value python's hashlib gives for md5(b"Mufasa:testrealm@host.com:Circle Of Life").
        #expect(DigestAlgorithm.md5.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life")
            == "939e7578ed9e3c518a452acee763bce9")
    }

    @Test func secretsNeverShowTheirValue() {
        let password = DigestSecret.password("Circle of Life")
        let ha1 = DigestSecret.ha1("939e7578ed9e3c518a452acee763bce9", algorithm: .md5)
        for secret in [password, ha1] {
            var dumped = ""
            dump(secret, to: &dumped)
            for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped] {
                #expect(!text.contains("Circle"))
                #expect(!text.contains("939e75"))
            }
        }
        var client = DigestClient(username: "Mufasa", secret: password)
        _ = try? client.authorization(
            for: [SIPAuthorization(scheme: "Digest", parameters: [("realm", "r"), ("nonce", "n"), ("qop", "auth")])],
            method: .register, uri: "sip:r")
        var dumped = ""
        dump(client, to: &dumped)
        #expect(dumped.contains("Mufasa") && !dumped.contains("Circle"))
    }

    @Test func storedHA1AnswersOnlyItsOwnHash() {
        let ha1 = DigestSecret.ha1("939E7578ED9E3C518A452ACEE763BCE9", algorithm: .md5)
        #expect(ha1.ha1(for: .md5Session, username: "Mufasa", realm: "testrealm@host.com") == "939e7578ed9e3c518a452acee763bce9")
        #expect(ha1.ha1(for: .sha256, username: "Mufasa", realm: "testrealm@host.com") == nil)
        let tooShort = DigestSecret.ha1("939e", algorithm: .md5)
        #expect(tooShort.ha1(for: .md5, username: "Mufasa", realm: "testrealm@host.com") == nil)
    }

    @Test func hexRoundTripsAndRejectsJunk() {
        #expect(DigestBytes.hex([0x00, 0x7F, 0xFF]) == "007fff")
        #expect(DigestBytes.bytes(hex: "007FfF") == [0x00, 0x7F, 0xFF])
        #expect(DigestBytes.bytes(hex: "abc") == nil)
        #expect(DigestBytes.bytes(hex: "zz") == nil)
        #expect(DigestBytes.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!DigestBytes.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!DigestBytes.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}
