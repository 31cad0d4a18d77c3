internal import Crypto
internal import _CryptoExtras
internal import Foundation

/// PINs stored only as salted slow hashes: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with a 16-byte random salt, encoded
/// `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`, compared in constant time.
///
/// A 6-digit PIN has only a million values, so no hash makes a stolen database safe by itself; the iteration count
/// makes trying them all cost hours per user rather than seconds, and the salt stops one table serving every user.
public struct PINHasher: Sendable {
    /// The encoding's scheme name.
    static let scheme = "pbkdf2-sha256"
    /// 16 bytes: 128 random bits, as RFC 8018 §4.1 and NIST SP 800-132 recommend (at least 128).
    static let saltByteCount = 16
    /// The SHA-256 output length: longer keys only cost the defender more.
    static let hashByteCount = 32
    /// An upper bound when reading stored text, so that a corrupt row cannot stall a logon for minutes.
    static let maximumIterations = 10_000_000

    /// PBKDF2 iterations for new hashes; existing hashes keep the count they were made with.
    public let iterations: Int

    /// Creates a hasher. 150,000 iterations cost about 50 ms on a server core; tests may use fewer.
    public init(iterations: Int = 150_000) {
        self.iterations = max(1, iterations)
    }

    /// The encoded hash of a PIN with a fresh random salt.
    public func hash(_ pin: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let derived = Self.pbkdf2SHA256(password: Array(pin.utf8), salt: salt, iterations: iterations, byteCount: Self.hashByteCount)
        return [Self.scheme, String(iterations), Data(salt).base64EncodedString(), Data(derived).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether a PIN matches an encoded hash; `false` for text that is not one.
    public func verify(_ pin: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme,
            let rounds = Int(parts[1]), (1...Self.maximumIterations).contains(rounds),
            let salt = Data(base64Encoded: String(parts[2])),
            let expected = Data(base64Encoded: String(parts[3])), !expected.isEmpty
        else { return false }
        let derived = Self.pbkdf2SHA256(password: Array(pin.utf8), salt: Array(salt), iterations: rounds, byteCount: expected.count)
        return Self.constantTimeEqual(derived, Array(expected))
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), through swift-crypto's BoringSSL. The checked `deriveKey` refuses fewer than
    /// 210,000 rounds, so the unchecked one is used: the count is this type's setting, and `init` keeps it positive.
    package static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, byteCount: Int) -> [UInt8] {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: .sha256, outputByteCount: byteCount, unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            // BoringSSL's PKCS5_PBKDF2_HMAC fails only on allocation failure or a zero length, which callers never ask for.
            preconditionFailure("PBKDF2 failed: \(error)")
        }
    }

    /// Compares in time that depends only on the lengths, so that a timing attacker learns nothing of the bytes.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
