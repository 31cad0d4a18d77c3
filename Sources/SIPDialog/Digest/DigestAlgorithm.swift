import Crypto

/// A digest algorithm (RFC 7616 §3.3, RFC 8760 §2.2): the hash and whether HA1 is a per-session key.
///
/// The cases are declared strongest first, so `allCases` is the order in which a server offers them and in
/// which a client prefers them. SHA-512-256 (RFC 8760) is not supported: swift-crypto has no SHA-512/256
/// (FIPS 180-4 truncated SHA-512 with its own initial values), and truncating SHA-512 would give wrong digests.
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `SHA-256` (RFC 7616 §3.3, RFC 8760 §2.2).
    case sha256 = "SHA-256"
    /// `SHA-256-sess`: HA1 is rekeyed with the nonce and cnonce (RFC 7616 §3.4.2).
    case sha256Session = "SHA-256-sess"
    /// `MD5`, the RFC 3261 default when a challenge names no algorithm; kept for compatibility only.
    case md5 = "MD5"
    /// `MD5-sess` (RFC 2617 §3.2.2.2).
    case md5Session = "MD5-sess"

    /// The algorithm named by an `algorithm` parameter, compared case-insensitively because deployed servers
    /// (Asterisk's PJSIP stack among them) send `algorithm=md5`; nil for algorithms we do not support.
    public init?(token: String) {
        let lowered = token.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = match
    }

    /// The token as RFC 7616 spells it, e.g. `SHA-256`.
    public var description: String { rawValue }

    /// Whether this is a `-sess` variant, whose HA1 also covers the nonce and cnonce.
    public var isSession: Bool { self == .sha256Session || self == .md5Session }

    /// The same hash without the session rekeying: an HA1 stored for `.md5` also serves `.md5Session`.
    public var hashAlgorithm: DigestAlgorithm {
        switch self {
        case .sha256, .sha256Session: .sha256
        case .md5, .md5Session: .md5
        }
    }

    /// The length of a digest in hex characters: 32 for MD5, 64 for SHA-256.
    public var hexLength: Int {
        switch hashAlgorithm {
        case .md5, .md5Session: 32
        case .sha256, .sha256Session: 64
        }
    }

    /// `H(data)`: the digest of `bytes` in lowercase hex (RFC 7616 §3.4).
    public func hash(_ bytes: [UInt8]) -> String {
        switch hashAlgorithm {
        case .md5, .md5Session: Self.digest(bytes, with: Insecure.MD5())
        case .sha256, .sha256Session: Self.digest(bytes, with: SHA256())
        }
    }

    /// Through the buffer-pointer entry point, which needs no Foundation `DataProtocol` conformance.
    private static func digest(_ bytes: [UInt8], with function: some HashFunction) -> String {
        var function = function
        bytes.withUnsafeBytes { function.update(bufferPointer: $0) }
        return DigestBytes.hex(function.finalize())
    }

    /// `H(data)` of the UTF-8 bytes of `text`.
    public func hash(_ text: String) -> String {
        hash(Array(text.utf8))
    }

    /// `H(unq(username) ":" unq(realm) ":" passwd)`, the HA1 a registrar may store instead of the password
    /// (RFC 7616 §3.4.2). The same value serves this algorithm and its `-sess` variant.
    public func ha1(username: String, realm: String, password: String) -> String {
        hash(username + ":" + realm + ":" + password)
    }

    /// Rank in `allCases` (0 is strongest); used to pick among several challenges.
    var preferenceRank: Int {
        Self.allCases.firstIndex(of: self) ?? Self.allCases.count
    }
}
