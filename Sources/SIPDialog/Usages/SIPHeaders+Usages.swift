import SIPMessage

/// Small readers for headers the usages need and SIPMessage has no typed accessor for (Min-Expires, RSeq,
/// Refer-Sub), plus option-tag and package checks. Lenient: a value that does not parse reads as absent.
extension SIPHeaders {
    /// The value of the single field `name` as a decimal number of at most ten digits; nil when absent, repeated or
    /// not a number.
    func decimalValue(_ name: SIPHeaderName) -> UInt64? {
        let fields = all(name)
        guard fields.count == 1 else { return nil }
        return Self.decimal(fields[0].value)
    }

    /// Whether Supported or Require lists `tag` (RFC 3261 §20.32, §20.37), compared case-insensitively.
    /// Throws when either list is malformed.
    func listsOptionTag(_ tag: String) throws(SIPMessageError) -> Bool {
        let wanted = tag.lowercased()
        let supported = try supported
        let required = try require
        return supported.contains { $0.lowercased() == wanted } || required.contains { $0.lowercased() == wanted }
    }

    /// Whether Require lists `tag`; false when the list is malformed.
    func requires(_ tag: String) -> Bool {
        let wanted = tag.lowercased()
        return ((try? require) ?? []).contains { $0.lowercased() == wanted }
    }

    /// Whether Allow lists `method`; nil when there is no (readable) Allow header.
    func allows(_ method: SIPMethod) -> Bool? {
        guard let allow = try? allow, !allow.isEmpty else { return nil }
        return allow.contains { $0 == method.rawValue }
    }

    /// Whether `Refer-Sub: false` is present (RFC 4488 §4); any other value or none means a subscription.
    var refersWithoutSubscription: Bool {
        guard let value = self[SIPHeaderName.referSub] else { return false }
        let token = value.prefix { $0 != ";" }.trimmingSpaces()
        return token.lowercased() == "false"
    }

    /// The digits of `text` (leading and trailing white space allowed) as a number of at most ten digits.
    static func decimal(_ text: Substring) -> UInt64? {
        let trimmed = text.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        guard !trimmed.isEmpty, trimmed.count <= 10 else { return nil }
        var n: UInt64 = 0
        for b in trimmed {
            guard b >= 0x30, b <= 0x39 else { return nil }
            n = n * 10 + UInt64(b - 0x30)
        }
        return n
    }
}

extension SIPHeaderName {
    /// `Refer-Sub` (RFC 4488 §4), which SIPMessage does not know by name.
    static let referSub = SIPHeaderName("Refer-Sub")
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
