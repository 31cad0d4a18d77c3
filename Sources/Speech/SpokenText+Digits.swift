extension SpokenText {
    /// A key sequence digit by digit, as an extension or PIN prompt reads it back: "4001" → "four zero zero one";
    /// `*` is "star", `#` is "pound"; letters are spelled as capitals; anything else is skipped.
    public static func digits(_ text: some StringProtocol) -> String {
        text.compactMap(digitWord).joined(separator: " ")
    }

    /// A key as a menu names it: "one", "star", "the pound key".
    public static func key(_ key: Character) -> String {
        key == "#" ? "the pound key" : digits(String(key))
    }

    /// A telephone number digit by digit in groups separated by commas (flite pauses at a comma), the way a person
    /// reads one out. Punctuation is ignored; a leading `+` is "plus".
    ///
    /// NANP numbers group 3-3-4 ("(555) 010-0199" → "five five five, zero one zero, zero one nine nine"), with
    /// a leading 1 (or +1) on its own and 7-digit local numbers 3-4. Numbers of five digits or fewer (extensions) are one
    /// group; other lengths are threes from the left, the last group taking four digits rather than leaving one
    /// alone.
    public static func phoneNumber(_ text: some StringProtocol) -> String {
        let international = text.first(where: { !$0.isWhitespace }) == "+"
        let numerals = text.filter { $0.isASCII && $0.isNumber }
        var groups: [Substring] = []
        var rest = Substring(numerals)
        if rest.count == 11 && rest.first == "1" {
            groups.append(rest.prefix(1))
            rest = rest.dropFirst()
        }
        groups += grouped(rest)
        let spoken = groups.map { digits($0) }.joined(separator: ", ")
        return international ? "plus " + spoken : spoken
    }

    private static func grouped(_ numerals: Substring) -> [Substring] {
        guard numerals.count > 5 else { return numerals.isEmpty ? [] : [numerals] }
        if numerals.count == 7 { return [numerals.prefix(3), numerals.suffix(4)] }
        var groups: [Substring] = []
        var rest = numerals
        // Threes while more than four remain: the tail is then two, three or four digits, never one.
        while rest.count > 4 {
            groups.append(rest.prefix(3))
            rest = rest.dropFirst(3)
        }
        if !rest.isEmpty { groups.append(rest) }
        return groups
    }

    private static func digitWord(_ character: Character) -> String? {
        switch character {
        case "*": return "star"
        case "#": return "pound"
        case _ where character.isASCII && character.isLetter: return character.uppercased()
        default:
            guard character.isASCII, let value = character.wholeNumberValue else { return nil }
            return units[value]
        }
    }
}
