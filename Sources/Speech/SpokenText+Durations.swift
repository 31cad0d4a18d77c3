extension SpokenText {
    /// A length of time rounded to the second: "one minute and twelve seconds", "two hours, five minutes and
    /// one second", "forty seconds"; zero (or negative) is "zero seconds" and anything shorter than half a second but not zero
    /// "less than one second".
    public static func duration(_ duration: Duration) -> String {
        guard duration > .zero else { return "zero seconds" }
        let (seconds, attoseconds) = duration.components
        let rounded = Int(seconds) + (attoseconds >= 500_000_000_000_000_000 ? 1 : 0)
        return rounded == 0 ? "less than one second" : self.duration(seconds: rounded)
    }

    /// `seconds` as hours, minutes and seconds, leaving out the zero parts ("one hour and three seconds").
    public static func duration(seconds: Int) -> String {
        guard seconds > 0 else { return "zero seconds" }
        let parts = [
            (seconds / 3600, "hour"), (seconds % 3600 / 60, "minute"), (seconds % 60, "second"),
        ].filter { $0.0 > 0 }.map { count($0.0, $0.1) }
        return list(parts)
    }

    /// A count with its noun in agreement: (0, "new message") → "no new messages", 1 → "one new message",
    /// 2 → "two new messages". `plural` defaults to `singular` + "s"; `zero` is the word for nothing.
    public static func count(_ value: Int, _ singular: String, plural: String? = nil, zero: String = "no") -> String {
        let plural = plural ?? singular + "s"
        switch value {
        case 0: return zero + " " + plural
        case 1: return "one " + singular
        default: return number(value) + " " + plural
        }
    }

    /// Items joined as a sentence does: "a", "a and b", "a, b and c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
