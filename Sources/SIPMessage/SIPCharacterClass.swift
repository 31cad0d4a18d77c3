/// RFC 3261 §25.1 character classes, as 256-entry lookup tables so that the hot parsing loops do one load per byte.
enum SIPCharacterClass {
    /// `token` characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~".
    static let token: [Bool] = table { isAlphanumeric($0) || "-.!%*_+`'~".utf8.contains($0) }

    /// Characters allowed unescaped in the `user` part of a SIP URI: unreserved / user-unreserved.
    static let user: [Bool] = table { isUnreserved($0) || "&=+$,;?/".utf8.contains($0) }

    /// Characters allowed unescaped in the `password` part: unreserved / "&" / "=" / "+" / "$" / ",".
    static let password: [Bool] = table { isUnreserved($0) || "&=+$,".utf8.contains($0) }

    /// `paramchar` minus escapes: param-unreserved / unreserved.
    static let parameter: [Bool] = table { isUnreserved($0) || "[]/:&+$".utf8.contains($0) }

    /// `hnv-unreserved` / unreserved: characters of URI header names and values.
    static let uriHeader: [Bool] = table { isUnreserved($0) || "[]/?:+$".utf8.contains($0) }

    /// Characters of a telephone-subscriber (RFC 3966) as they appear in a tel URI or SIP user part.
    static let telephone: [Bool] = table { isAlphanumeric($0) || "-.()+*#".utf8.contains($0) }

    /// `word` characters (Call-ID): alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" /
    /// "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}".
    static let word: [Bool] = table { isAlphanumeric($0) || "-.!%*_+`'~()<>:\\\"/[]?{}".utf8.contains($0) }

    /// Characters that may appear in a hostname or IPv4 address.
    static let hostname: [Bool] = table { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }

    /// `token` membership from two 64-bit masks: no table load, so the hottest loop of the parser stays in registers.
    @inline(__always) static func isToken(_ b: UInt8) -> Bool {
        b < 64 ? (tokenLow >> UInt64(b)) & 1 == 1 : b < 128 ? (tokenHigh >> UInt64(b - 64)) & 1 == 1 : false
    }

    /// Bits 0–63 and 64–127 of the `token` set (alphanum and `-.!%*_+`'~`); checked against `token` by a unit test.
    static let tokenLow: UInt64 = 0x03FF6CA200000000
    static let tokenHigh: UInt64 = 0x47FFFFFF87FFFFFE

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    /// `unreserved` = alphanum / mark.
    static func isUnreserved(_ b: UInt8) -> Bool { isAlphanumeric(b) || "-_.!~*'()".utf8.contains(b) }

    /// Linear white space bytes: SP, HTAB and the CR/LF of a folded line.
    static func isLWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    private static func table(_ predicate: (UInt8) -> Bool) -> [Bool] {
        (0...255).map { predicate(UInt8($0)) }
    }
}
