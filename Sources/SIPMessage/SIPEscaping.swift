/// RFC 3261 §25.1 `escaped` (percent-encoding) for URI components.
public enum SIPEscaping {
    /// Decodes `%HH` sequences; returns nil for a malformed escape. Decoded bytes that are not UTF-8 are repaired.
    public static func unescape(_ text: some StringProtocol) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "%") {
                guard let h = iterator.next(), let l = iterator.next(),
                      let hv = hexValue(h), let lv = hexValue(l) else { return nil }
                bytes.append(hv << 4 | lv)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Percent-encodes every byte not allowed unescaped by `allowed` (one of the `SIPCharacterClass` tables).
    static func escape(_ text: String, allowed: [Bool]) -> String {
        var out = ""
        for b in text.utf8 {
            if allowed[Int(b)] {
                out.unicodeScalars.append(UnicodeScalar(b))
            } else {
                out += "%"
                out += hexDigits[Int(b >> 4)]
                out += hexDigits[Int(b & 0x0F)]
            }
        }
        return out
    }

    /// Percent-encodes a user part (RFC 3261 `user`).
    public static func escapeUser(_ text: String) -> String { escape(text, allowed: SIPCharacterClass.user) }

    /// Percent-encodes a URI parameter value (RFC 3261 `paramchar`).
    public static func escapeParameter(_ text: String) -> String { escape(text, allowed: SIPCharacterClass.parameter) }

    /// Percent-encodes a URI header value (RFC 3261 `hvalue`), as needed to embed Replaces in a Refer-To URI.
    public static func escapeURIHeader(_ text: String) -> String { escape(text, allowed: SIPCharacterClass.uriHeader) }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
