import Crypto

/// A stateless server nonce (RFC 7616 §3.3, §5.4): it carries its own issue time and a MAC over that time
/// and the realm, so any node holding the same secret can check it without shared state.
///
///     nonce = HEX( timestamp | salt | mac )                             32 bytes, 64 hex characters
///     timestamp = issue time, seconds since 1970, 8 bytes big-endian
///     salt      = 8 random bytes: two challenges in one second differ, so nonce counts never collide
///     mac       = first 16 bytes of HMAC-SHA256(secret, label | realm | 0x00 | timestamp | salt)
///
/// Hex rather than base64 because it needs no Foundation and survives every quoted-string and token grammar.
struct DigestNonce: Equatable {
    /// Seconds since 1970 when the nonce was issued.
    var timestamp: Int64
    /// The random part.
    var salt: UInt64

    private static let label = Array("Herald SIP digest nonce v1".utf8)
    private static let macLength = 16
    private static let encodedLength = 2 * (8 + 8 + macLength)

    /// The nonce text for `realm`, authenticated with `secret`.
    func encoded(realm: String, secret: [UInt8]) -> String {
        let fields = Self.fieldBytes(timestamp: timestamp, salt: salt)
        return DigestBytes.hex(fields + Self.mac(fields, realm: realm, secret: secret))
    }

    /// The nonce that `text` encodes, or nil when it is not one we issued for `realm` with `secret`
    /// (wrong length, not hex, or a MAC that does not match, compared in constant time).
    init?(decoding text: String, realm: String, secret: [UInt8]) {
        guard text.utf8.count == Self.encodedLength, let bytes = DigestBytes.bytes(hex: text) else { return nil }
        let fields = Array(bytes[0..<16])
        let mac = Array(bytes[16...])
        guard DigestBytes.constantTimeEqual(mac, Self.mac(fields, realm: realm, secret: secret)) else { return nil }
        timestamp = Int64(bitPattern: Self.bigEndian(fields[0..<8]))
        salt = Self.bigEndian(fields[8..<16])
    }

    /// Creates a nonce from its parts.
    init(timestamp: Int64, salt: UInt64) {
        self.timestamp = timestamp
        self.salt = salt
    }

    private static func fieldBytes(timestamp: Int64, salt: UInt64) -> [UInt8] {
        bigEndianBytes(UInt64(bitPattern: timestamp)) + bigEndianBytes(salt)
    }

    private static func mac(_ fields: [UInt8], realm: String, secret: [UInt8]) -> [UInt8] {
        // The realm is bound in so that a nonce issued for one realm is not accepted by a server of another
        // that happens to share the secret; the NUL keeps realm and fields from running into each other.
        let message = label + Array(realm.utf8) + [0] + fields
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Array(Array(code).prefix(macLength))
    }

    private static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: value >> UInt64($0)) }
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
