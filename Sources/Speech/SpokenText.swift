/// US English words for what prompts say aloud: numbers, ordinals, digit strings, phone numbers, dates, times,
/// durations and counts.
///
/// Pure functions: no clock, no locale lookups. Conventions are US ones: "one hundred five" (no "and"),
/// hyphenated tens ("twenty-five"), 12-hour times with "A M"/"P M", month before day. The results are meant for
/// the synthesizer, so they contain only words, spaces, hyphens and commas (commas make flite pause).
public enum SpokenText {
    static let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    /// Short-scale names, largest first; `Int.max` is 9.2 quintillion.
    static let scales: [(value: UInt64, name: String)] = [
        (1_000_000_000_000_000_000, "quintillion"), (1_000_000_000_000_000, "quadrillion"),
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ]

    /// A cardinal number in words: 105 → "one hundred five", 2_025 → "two thousand twenty-five",
    /// −3 → "minus three". Every `Int` is spoken.
    public static func number(_ value: Int) -> String {
        value < 0 ? "minus " + words(value.magnitude) : words(value.magnitude)
    }

    /// An ordinal in words: 1 → "first", 22 → "twenty-second", 100 → "one hundredth".
    public static func ordinal(_ value: Int) -> String {
        let cardinal = number(value)
        let cut = cardinal.lastIndex(where: { $0 == " " || $0 == "-" }).map { cardinal.index(after: $0) }
            ?? cardinal.startIndex
        return cardinal[..<cut] + ordinalWord(String(cardinal[cut...]))
    }

    private static func words(_ value: UInt) -> String {
        var rest = UInt64(value)
        guard rest > 0 else { return units[0] }
        var parts: [String] = []
        for scale in scales where rest >= scale.value {
            parts.append(belowThousand(Int(rest / scale.value)) + " " + scale.name)
            rest %= scale.value
        }
        if rest > 0 { parts.append(belowThousand(Int(rest))) }
        return parts.joined(separator: " ")
    }

    private static func belowThousand(_ value: Int) -> String {
        let hundreds = value / 100, rest = value % 100
        switch (hundreds, rest) {
        case (0, _): return belowHundred(rest)
        case (_, 0): return units[hundreds] + " hundred"
        default: return units[hundreds] + " hundred " + belowHundred(rest)
        }
    }

    private static func belowHundred(_ value: Int) -> String {
        if value < 20 { return units[value] }
        return value % 10 == 0 ? tens[value / 10] : tens[value / 10] + "-" + units[value % 10]
    }

    private static func ordinalWord(_ word: String) -> String {
        switch word {
        case "one": "first"
        case "two": "second"
        case "three": "third"
        case "five": "fifth"
        case "eight": "eighth"
        case "nine": "ninth"
        case "twelve": "twelfth"
        case _ where word.hasSuffix("y"): word.dropLast() + "ieth"
        default: word + "th"
        }
    }
}
