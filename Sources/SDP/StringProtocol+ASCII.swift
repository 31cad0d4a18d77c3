// SDP tokens are US-ASCII (RFC 8866 §5), so comparing them needs no Unicode case folding.

extension StringProtocol {
    /// Whether two strings are equal when ASCII letters are compared without regard to case.
    func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        let lhs = utf8, rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }

    /// The string with trailing spaces and horizontal tabs removed.
    var trimmingTrailingWhitespace: SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[startIndex..<end]
    }

    /// The string with leading and trailing spaces and horizontal tabs removed.
    var trimmingWhitespace: SubSequence {
        let trailingTrimmed = trimmingTrailingWhitespace
        guard let first = trailingTrimmed.firstIndex(where: { $0 != " " && $0 != "\t" }) else {
            return trailingTrimmed[trailingTrimmed.endIndex...]
        }
        return trailingTrimmed[first...]
    }

    /// The fields separated by runs of spaces or tabs. RFC 8866 separates fields with exactly one
    /// space, but deployed devices pad with more; accepting runs costs nothing and loses nothing.
    var whitespaceSeparatedFields: [SubSequence] {
        split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// Whether the string is one or more ASCII digits.
    var isDigits: Bool {
        !isEmpty && utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// The lowercase form of an ASCII letter, or the byte unchanged.
func asciiLowercase(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
}

/// Parses a non-negative decimal integer of digits only, rejecting signs, spaces and overflow,
/// which `Int(_:)` would accept or report differently.
func parseDecimal<T: FixedWidthInteger & UnsignedInteger>(_ text: some StringProtocol, as _: T.Type = T.self) -> T? {
    guard text.isDigits else { return nil }
    return T(text, radix: 10)
}

/// Parses a non-negative decimal that must fit in an `Int`.
func parseInt(_ text: some StringProtocol) -> Int? {
    guard let value = parseDecimal(text, as: UInt64.self), value <= UInt64(Int.max) else { return nil }
    return Int(value)
}
