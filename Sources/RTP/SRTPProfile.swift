/// The SRTP crypto suites Herald negotiates with SDES (RFC 4568 §6.2), both AES-CM-128 with HMAC-SHA1.
public enum SRTPProfile: Sendable, Hashable, CaseIterable {
    /// `AES_CM_128_HMAC_SHA1_80`: 80-bit authentication tag on SRTP and SRTCP (RFC 4568 §6.2.1).
    case aesCM128HmacSHA1_80
    /// `AES_CM_128_HMAC_SHA1_32`: 32-bit tag on SRTP, still 80-bit on SRTCP (RFC 4568 §6.2.2).
    case aesCM128HmacSHA1_32

    /// Octets of `inline:` key material for both suites: a 128-bit master key then a 112-bit master salt.
    public static let masterKeyAndSaltLength = 30

    /// The suite for an `a=crypto` suite name, or nil if unsupported.
    public init?(sdesSuiteName: String) {
        switch sdesSuiteName {
        case "AES_CM_128_HMAC_SHA1_80": self = .aesCM128HmacSHA1_80
        case "AES_CM_128_HMAC_SHA1_32": self = .aesCM128HmacSHA1_32
        default: return nil
        }
    }

    /// The `a=crypto` suite name.
    public var sdesSuiteName: String {
        switch self {
        case .aesCM128HmacSHA1_80: "AES_CM_128_HMAC_SHA1_80"
        case .aesCM128HmacSHA1_32: "AES_CM_128_HMAC_SHA1_32"
        }
    }

    /// Octets of the SRTP authentication tag appended to each RTP packet.
    public var rtpAuthenticationTagLength: Int {
        switch self {
        case .aesCM128HmacSHA1_80: 10
        case .aesCM128HmacSHA1_32: 4
        }
    }
}
