/// RFC 4568 §9.1 SDP security descriptions (`a=crypto`) for SRTP key exchange.
///
/// ```
/// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
/// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4
///            │   │                          │      │                                 │    └ MKI:length
///            │   │                          │      │                                 └ lifetime
///            │   │                          │      └ base64(master key || master salt)
///            │   │                          └ key-method
///            │   └ crypto-suite
///            └ tag: which line of the offer the answer accepted
/// ```
/// Only the `inline` key method exists (RFC 4568 §9.2); an attribute with another method does not
/// parse. The key is sent in the clear inside SDP, so SIP must be carried over TLS for it to be
/// secret (RFC 4568 §8). `description` never shows the key, so the value can be logged.
public struct CryptoAttribute: Sendable, Hashable, CustomStringConvertible {
    /// The tag, 1–999999999, that an answer uses to say which offered line it accepts.
    public var tag: Int
    /// The SRTP crypto-suite.
    public var suite: CryptoSuite
    /// One or more keys; more than one only with MKIs, for rekeying without signalling.
    public var keyParameters: [KeyParameter]
    /// The session parameters, in order.
    public var sessionParameters: [SessionParameter]

    /// Creates a crypto attribute.
    public init(tag: Int, suite: CryptoSuite, keyParameters: [KeyParameter], sessionParameters: [SessionParameter] = []) {
        self.tag = tag
        self.suite = suite
        self.keyParameters = keyParameters
        self.sessionParameters = sessionParameters
    }

    /// Creates a crypto attribute with one inline key and no lifetime or MKI.
    public init(tag: Int, suite: CryptoSuite, keySalt: [UInt8], sessionParameters: [SessionParameter] = []) {
        self.init(tag: tag, suite: suite, keyParameters: [KeyParameter(keySalt: keySalt)], sessionParameters: sessionParameters)
    }

    /// Parses the value of an `a=crypto` attribute; `nil` when it is malformed.
    public init?(attributeValue: String) {
        let fields = attributeValue.trimmingWhitespace.whitespaceSeparatedFields
        guard fields.count >= 3, fields[0].count <= 9, let tag = parseInt(fields[0]),
              fields[1].utf8.allSatisfy(Self.isSuiteCharacter), !fields[1].isEmpty
        else { return nil }
        var keys: [KeyParameter] = []
        for text in fields[2].split(separator: ";", omittingEmptySubsequences: false) {
            guard let key = KeyParameter(text) else { return nil }
            keys.append(key)
        }
        self.init(
            tag: tag, suite: CryptoSuite(rawValue: String(fields[1])), keyParameters: keys,
            sessionParameters: fields.dropFirst(3).map { SessionParameter(String($0)) })
    }

    /// The attribute value, key included; write it only into SDP.
    public var attributeValue: String {
        var text = "\(tag) \(suite.rawValue) " + keyParameters.map(\.text).joined(separator: ";")
        for parameter in sessionParameters { text += " " + parameter.text }
        return text
    }

    /// The attribute with every key replaced by `…`, for logs.
    public var description: String {
        var text = "\(tag) \(suite.rawValue) " + keyParameters.map(\.redactedText).joined(separator: ";")
        for parameter in sessionParameters {
            if case .fecKey = parameter { text += " FEC_KEY=…" } else { text += " " + parameter.text }
        }
        return text
    }

    private static func isSuiteCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}

extension CryptoAttribute {
    /// One RFC 4568 §6.1 `inline:` key parameter: `inline:<key||salt>[|<lifetime>][|<MKI>:<length>]`.
    public struct KeyParameter: Sendable, Hashable, CustomStringConvertible {
        /// The master key followed by the master salt, decoded from base64.
        public var keySalt: [UInt8]
        /// How many packets the key may protect before it must be replaced.
        public var lifetime: Lifetime?
        /// The master key identifier, present when several keys are in use.
        public var mki: MKI?

        /// Creates a key parameter.
        public init(keySalt: [UInt8], lifetime: Lifetime? = nil, mki: MKI? = nil) {
            self.keySalt = keySalt
            self.lifetime = lifetime
            self.mki = mki
        }

        init?(_ text: Substring) {
            let colon = text.firstIndex(of: ":")
            guard let colon, text[..<colon] == "inline" else { return nil }
            let parts = text[text.index(after: colon)...].split(separator: "|", omittingEmptySubsequences: false)
            guard (1...3).contains(parts.count), let keySalt = Base64.decode(parts[0]), !keySalt.isEmpty else { return nil }
            self.keySalt = keySalt
            var rest = parts.dropFirst()
            // The lifetime and the MKI are both optional, and only the MKI contains a colon.
            if let first = rest.first, !first.contains(":") {
                guard let lifetime = Lifetime(first) else { return nil }
                self.lifetime = lifetime
                rest = rest.dropFirst()
            }
            if let last = rest.first {
                guard rest.count == 1, let mki = MKI(last) else { return nil }
                self.mki = mki
            }
        }

        /// The key parameter as written on the line.
        var text: String {
            "inline:" + Base64.encode(keySalt) + suffix
        }

        var redactedText: String { "inline:…" + suffix }

        private var suffix: String {
            var text = ""
            if let lifetime { text += "|" + lifetime.text }
            if let mki { text += "|\(mki.value):\(mki.length)" }
            return text
        }

        /// The key parameter with the key hidden, for logs.
        public var description: String { redactedText }
    }

    /// RFC 4568 §6.1 key lifetime: a count of packets, written as a decimal or as a power of two.
    public enum Lifetime: Sendable, Hashable {
        /// `2^n` packets.
        case powerOfTwo(Int)
        /// A decimal number of packets.
        case packets(UInt64)

        init?(_ text: Substring) {
            if text.hasPrefix("2^") {
                guard let exponent = parseInt(text.dropFirst(2)), exponent <= 64 else { return nil }
                self = .powerOfTwo(exponent)
            } else {
                guard let packets = parseDecimal(text, as: UInt64.self) else { return nil }
                self = .packets(packets)
            }
        }

        /// The number of packets, saturating at `UInt64.max` for `2^64`.
        public var packetCount: UInt64 {
            switch self {
            case .powerOfTwo(let exponent): exponent >= 64 ? .max : 1 << UInt64(exponent)
            case .packets(let count): count
            }
        }

        var text: String {
            switch self {
            case .powerOfTwo(let exponent): "2^\(exponent)"
            case .packets(let count): String(count)
            }
        }
    }

    /// RFC 4568 §6.1 master key identifier: the value and the length in bytes of the MKI field it
    /// occupies in each SRTP packet (1–128).
    public struct MKI: Sendable, Hashable {
        /// The identifier.
        public var value: UInt64
        /// The MKI field length in bytes.
        public var length: Int

        /// Creates an MKI.
        public init(value: UInt64, length: Int) {
            self.value = value
            self.length = length
        }

        init?(_ text: Substring) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let value = parseDecimal(parts[0], as: UInt64.self),
                  parts[1].count <= 3, let length = parseInt(parts[1]), (1...128).contains(length)
            else { return nil }
            self.init(value: value, length: length)
        }
    }

    /// RFC 4568 §6.3 SRTP session parameters.
    public enum SessionParameter: Sendable, Hashable {
        /// `KDR=n`: key derivation rate 2^n.
        case kdr(Int)
        /// `UNENCRYPTED_SRTP`: RTP payloads are not encrypted.
        case unencryptedSRTP
        /// `UNENCRYPTED_SRTCP`: RTCP is not encrypted.
        case unencryptedSRTCP
        /// `UNAUTHENTICATED_SRTP`: RTP is not authenticated.
        case unauthenticatedSRTP
        /// `FEC_ORDER=FEC_SRTP` or `SRTP_FEC`: the order of FEC and SRTP processing.
        case fecOrder(String)
        /// `FEC_KEY=<key-params>`: the key for the FEC stream.
        case fecKey(String)
        /// `WSH=n`: replay window size hint.
        case wsh(Int)
        /// A parameter this target does not know, kept as written.
        case other(String)

        /// Parses one session parameter; anything unknown or malformed becomes `.other`.
        public init(_ text: String) {
            let pair = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count == 2 ? pair[1] : nil
            switch (pair[0], value) {
            case ("UNENCRYPTED_SRTP", nil): self = .unencryptedSRTP
            case ("UNENCRYPTED_SRTCP", nil): self = .unencryptedSRTCP
            case ("UNAUTHENTICATED_SRTP", nil): self = .unauthenticatedSRTP
            case ("KDR", let value?) where value.count <= 2: self = parseInt(value).map(Self.kdr) ?? .other(text)
            case ("WSH", let value?): self = parseInt(value).map(Self.wsh) ?? .other(text)
            case ("FEC_ORDER", let value?): self = .fecOrder(String(value))
            case ("FEC_KEY", let value?): self = .fecKey(String(value))
            default: self = .other(text)
            }
        }

        /// The parameter as written on the line.
        public var text: String {
            switch self {
            case .kdr(let rate): "KDR=\(rate)"
            case .unencryptedSRTP: "UNENCRYPTED_SRTP"
            case .unencryptedSRTCP: "UNENCRYPTED_SRTCP"
            case .unauthenticatedSRTP: "UNAUTHENTICATED_SRTP"
            case .fecOrder(let order): "FEC_ORDER=\(order)"
            case .fecKey(let key): "FEC_KEY=\(key)"
            case .wsh(let size): "WSH=\(size)"
            case .other(let text): text
            }
        }
    }
}
