import Foundation
import Store
import Testing

@Suite("PINHasher")
struct PINHasherTests {
    /// PBKDF2-HMAC-SHA256 known answers: RFC 7914 §11 (the scrypt RFC lists PBKDF2-HMAC-SHA256 vectors) and the
    /// widely used RFC 6070-style SHA-256 vector.
    @Test(arguments: [
        ("passwd", "salt", 1, 64,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        ("Password", "NaCl", 80_000, 64,
         "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
        ("password", "salt", 4_096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ])
    func knownAnswer(password: String, salt: String, iterations: Int, length: Int, expected: String) {
        let derived = PINHasher.pbkdf2SHA256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, byteCount: length)
        #expect(derived.map { String(format: "%02x", $0) }.joined() == expected)
    }

    @Test func encodingAndVerification() throws {
        let hasher = PINHasher(iterations: 10)
        let encoded = hasher.hash("135246")
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        try #require(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "10")
        #expect(Data(base64Encoded: String(parts[2]))?.count == 16)
        #expect(Data(base64Encoded: String(parts[3]))?.count == 32)
        #expect(!encoded.contains("135246"))
        #expect(hasher.verify("135246", against: encoded))
        #expect(!hasher.verify("135247", against: encoded))
        #expect(!hasher.verify("", against: encoded))
        // A hash keeps the iteration count it was made with, whatever the verifier's setting.
        #expect(PINHasher(iterations: 100_000).verify("135246", against: encoded))
    }

    @Test func saltsDiffer() {
        let hasher = PINHasher(iterations: 1)
        #expect(hasher.hash("135246") != hasher.hash("135246"))
    }

    @Test func theDefaultIsSlow() {
        #expect(PINHasher().iterations >= 100_000)
    }

    @Test(arguments: [
        "", "135246", "pbkdf2-sha256$10$c2FsdA==", "bcrypt$10$c2FsdA==$aGFzaA==", "pbkdf2-sha256$0$c2FsdA==$aGFzaA==",
        "pbkdf2-sha256$-5$c2FsdA==$aGFzaA==", "pbkdf2-sha256$99999999999$c2FsdA==$aGFzaA==", "pbkdf2-sha256$ten$c2FsdA==$aGFzaA==",
        "pbkdf2-sha256$10$not base64$aGFzaA==", "pbkdf2-sha256$10$c2FsdA==$", "pbkdf2-sha256$10$c2FsdA==$aGFzaA==$extra",
    ])
    func malformedEncodingsNeverMatch(encoded: String) {
        #expect(!PINHasher(iterations: 1).verify("135246", against: encoded))
    }
}
