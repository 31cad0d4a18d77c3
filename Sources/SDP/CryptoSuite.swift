/// An RFC 4568 §6.2 SRTP crypto-suite name, such as `AES_CM_128_HMAC_SHA1_80`.
///
/// Names are case-sensitive tokens registered with IANA ("SRTP Crypto Suite Registrations");
/// the constants carry them verbatim so that code reads like the registry. Suites this target does
/// not know are still parsed and carried.
public struct CryptoSuite: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The suite name as it appears on the `a=crypto` line.
    public var rawValue: String

    /// Creates a suite from its name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The suite name.
    public var description: String { rawValue }

    /// RFC 4568 §6.2.1: AES in counter mode, 128-bit key, HMAC-SHA1 with an 80-bit tag.
    public static let AES_CM_128_HMAC_SHA1_80 = CryptoSuite(rawValue: "AES_CM_128_HMAC_SHA1_80")
    /// RFC 4568 §6.2.2: as `AES_CM_128_HMAC_SHA1_80` with a 32-bit RTP authentication tag.
    public static let AES_CM_128_HMAC_SHA1_32 = CryptoSuite(rawValue: "AES_CM_128_HMAC_SHA1_32")
    /// RFC 4568 §6.2.3: AES in f8 mode, 128-bit key, HMAC-SHA1 with an 80-bit tag.
    public static let F8_128_HMAC_SHA1_80 = CryptoSuite(rawValue: "F8_128_HMAC_SHA1_80")
    /// RFC 6188: AES-192 in counter mode with an 80-bit tag.
    public static let AES_192_CM_HMAC_SHA1_80 = CryptoSuite(rawValue: "AES_192_CM_HMAC_SHA1_80")
    /// RFC 6188: AES-192 in counter mode with a 32-bit tag.
    public static let AES_192_CM_HMAC_SHA1_32 = CryptoSuite(rawValue: "AES_192_CM_HMAC_SHA1_32")
    /// RFC 6188: AES-256 in counter mode with an 80-bit tag.
    public static let AES_256_CM_HMAC_SHA1_80 = CryptoSuite(rawValue: "AES_256_CM_HMAC_SHA1_80")
    /// RFC 6188: AES-256 in counter mode with a 32-bit tag.
    public static let AES_256_CM_HMAC_SHA1_32 = CryptoSuite(rawValue: "AES_256_CM_HMAC_SHA1_32")
    /// RFC 7714: AES-128 in Galois/counter mode.
    public static let AEAD_AES_128_GCM = CryptoSuite(rawValue: "AEAD_AES_128_GCM")
    /// RFC 7714: AES-256 in Galois/counter mode.
    public static let AEAD_AES_256_GCM = CryptoSuite(rawValue: "AEAD_AES_256_GCM")

    /// The length in bytes of the master key and master salt concatenated, which is what an
    /// `inline:` key parameter carries; `nil` for a suite this target does not know.
    public var keySaltLength: Int? {
        switch self {
        case .AES_CM_128_HMAC_SHA1_80, .AES_CM_128_HMAC_SHA1_32, .F8_128_HMAC_SHA1_80: 16 + 14
        case .AES_192_CM_HMAC_SHA1_80, .AES_192_CM_HMAC_SHA1_32: 24 + 14
        case .AES_256_CM_HMAC_SHA1_80, .AES_256_CM_HMAC_SHA1_32: 32 + 14
        case .AEAD_AES_128_GCM: 16 + 12
        case .AEAD_AES_256_GCM: 32 + 12
        default: nil
        }
    }
}
