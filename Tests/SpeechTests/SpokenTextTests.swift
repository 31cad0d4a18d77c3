import Foundation
import Speech
import Testing

@Suite("SpokenText: US English words for numbers, digits, dates, times, durations and counts")
struct SpokenTextTests {
    @Test("cardinal numbers", arguments: [
        (0, "zero"), (1, "one"), (7, "seven"), (10, "ten"), (11, "eleven"), (13, "thirteen"), (19, "nineteen"),
        (20, "twenty"), (21, "twenty-one"), (40, "forty"), (45, "forty-five"), (99, "ninety-nine"),
        (100, "one hundred"), (101, "one hundred one"), (105, "one hundred five"), (110, "one hundred ten"),
        (115, "one hundred fifteen"), (120, "one hundred twenty"), (999, "nine hundred ninety-nine"),
        (1_000, "one thousand"), (1_001, "one thousand one"), (1_010, "one thousand ten"),
        (1_100, "one thousand one hundred"), (2_025, "two thousand twenty-five"),
        (10_000, "ten thousand"), (12_345, "twelve thousand three hundred forty-five"),
        (100_000, "one hundred thousand"), (101_000, "one hundred one thousand"),
        (999_999, "nine hundred ninety-nine thousand nine hundred ninety-nine"),
        (1_000_000, "one million"), (1_000_001, "one million one"), (2_500_000, "two million five hundred thousand"),
        (20_000_020, "twenty million twenty"),
        (123_456_789, "one hundred twenty-three million four hundred fifty-six thousand seven hundred eighty-nine"),
        (999_999_999, "nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine"),
        (1_000_000_000, "one billion"), (-3, "minus three"), (-1_000, "minus one thousand"),
    ])
    func numbers(value: Int, words: String) {
        #expect(SpokenText.number(value) == words)
    }

    @Test("every number up to a million is spoken with words only, and no scale word twice in a row")
    func numbersAreWellFormed() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz -")
        for value in stride(from: 0, through: 1_000_000, by: 7) {
            let words = SpokenText.number(value)
            #expect(words.allSatisfy(allowed.contains), "\(value): \(words)")
            #expect(!words.contains("  ") && !words.hasPrefix(" ") && !words.hasSuffix(" "), "\(value): \(words)")
            #expect(!words.contains("zero") || value == 0, "\(value): \(words)")
        }
        #expect(SpokenText.number(Int.max).hasPrefix("nine quintillion two hundred twenty-three quadrillion"))
        #expect(SpokenText.number(Int.min).hasPrefix("minus nine quintillion"))
    }

    @Test("ordinals", arguments: [
        (0, "zeroth"), (1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"), (8, "eighth"),
        (9, "ninth"), (11, "eleventh"), (12, "twelfth"), (13, "thirteenth"), (20, "twentieth"), (21, "twenty-first"),
        (22, "twenty-second"), (23, "twenty-third"), (25, "twenty-fifth"), (30, "thirtieth"), (31, "thirty-first"),
        (99, "ninety-ninth"), (100, "one hundredth"), (101, "one hundred first"), (112, "one hundred twelfth"),
        (1_000, "one thousandth"), (1_000_000, "one millionth"),
    ])
    func ordinals(value: Int, words: String) {
        #expect(SpokenText.ordinal(value) == words)
    }

    @Test("digit by digit", arguments: [
        ("4001", "four zero zero one"), ("0", "zero"), ("", ""), ("1234567890", "one two three four five six seven eight nine zero"),
        ("*86#", "star eight six pound"), ("12-34", "one two three four"), ("9a", "nine A"), ("٣", ""),
    ])
    func digits(text: String, words: String) {
        #expect(SpokenText.digits(text) == words)
    }

    @Test("phone numbers in groups", arguments: [
        ("5550100199", "five five five, zero one zero, zero one nine nine"),
        ("(555) 010-0199", "five five five, zero one zero, zero one nine nine"),
        ("1 555 010 0199", "one, five five five, zero one zero, zero one nine nine"),
        ("0100199", "zero one zero, zero one nine nine"),
        ("4001", "four zero zero one"), ("40012", "four zero zero one two"),
        ("123456", "one two three, four five six"),
        ("12345678", "one two three, four five six, seven eight"),
        ("+44 20 7946 0958", "plus four four two, zero seven nine, four six zero, nine five eight"),
        ("+1 555 010 0199", "plus one, five five five, zero one zero, zero one nine nine"),
        ("1234567890123", "one two three, four five six, seven eight nine, zero one two three"),
        ("+33 1 23 45 67 89", "plus three three one, two three four, five six seven, eight nine"),
        ("", ""),
    ])
    func phoneNumbers(text: String, words: String) {
        #expect(SpokenText.phoneNumber(text) == words)
    }

    @Test("years", arguments: [
        (1900, "nineteen hundred"), (1905, "nineteen oh five"), (1999, "nineteen ninety-nine"),
        (2000, "two thousand"), (2007, "two thousand seven"), (2010, "twenty ten"), (2025, "twenty twenty-five"),
        (2100, "twenty-one hundred"), (800, "eight hundred"),
    ])
    func years(year: Int, words: String) {
        #expect(SpokenText.year(year) == words)
    }

    @Test("times of day, 12-hour", arguments: [
        (0, 0, "twelve midnight"), (0, 5, "twelve oh five A M"), (1, 0, "one A M"), (9, 5, "nine oh five A M"),
        (11, 59, "eleven fifty-nine A M"), (12, 0, "twelve noon"), (12, 30, "twelve thirty P M"),
        (15, 45, "three forty-five P M"), (15, 0, "three P M"), (23, 10, "eleven ten P M"), (24, 0, "twelve midnight"),
    ])
    func times(hour: Int, minute: Int, words: String) {
        #expect(SpokenText.time(hour: hour, minute: minute) == words)
    }

    static let newYork = TimeZone(identifier: "America/New_York")!
    static let utc = TimeZone(identifier: "UTC")!

    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0, in zone: TimeZone = utc) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test("dates relative to a reference day (Wednesday, November 25, 2026)", arguments: [
        (date(2026, 11, 25, 0, 1), "today"), (date(2026, 11, 25, 23, 59), "today"),
        (date(2026, 11, 24, 23, 59), "yesterday"), (date(2026, 11, 24, 0, 0), "yesterday"),
        (date(2026, 11, 23), "Monday"), (date(2026, 11, 19), "Thursday"),
        (date(2026, 11, 18), "Wednesday, November eighteenth"), (date(2026, 11, 1), "Sunday, November first"),
        (date(2026, 1, 22), "Thursday, January twenty-second"),
        (date(2025, 11, 25), "Tuesday, November twenty-fifth, twenty twenty-five"),
        (date(2026, 11, 26), "Thursday, November twenty-sixth"),
        (date(2026, 12, 31), "Thursday, December thirty-first"),
    ])
    func dates(date: Date, words: String) {
        let reference = Self.date(2026, 11, 25, 15, 0)
        #expect(SpokenText.date(date, relativeTo: reference, in: Self.utc) == words)
    }

    @Test("the example from the brief: Tuesday, November twenty-fifth, seen from the same year")
    func briefExample() {
        #expect(SpokenText.date(Self.date(2025, 11, 25), relativeTo: Self.date(2025, 12, 10), in: Self.utc)
            == "Tuesday, November twenty-fifth")
    }

    @Test("the day and time follow the time zone, not UTC")
    func timeZones() {
        let received = Self.date(2026, 11, 25, 3, 30)           // 22:30 the day before in New York
        let now = Self.date(2026, 11, 25, 15, 0)
        #expect(SpokenText.date(received, relativeTo: now, in: Self.newYork) == "yesterday")
        #expect(SpokenText.time(received, in: Self.newYork) == "ten thirty P M")
        #expect(SpokenText.date(received, relativeTo: now, in: Self.utc) == "today")
        #expect(SpokenText.time(received, in: Self.utc) == "three thirty A M")
        // Across the end of daylight saving time (November 1, 2026 in New York) a "day" is 25 hours.
        #expect(SpokenText.date(Self.date(2026, 10, 31, 23, 0, in: Self.newYork),
                                relativeTo: Self.date(2026, 11, 1, 23, 30, in: Self.newYork), in: Self.newYork) == "yesterday")
    }

    @Test("durations", arguments: [
        (Duration.zero, "zero seconds"), (.milliseconds(-5), "zero seconds"), (.milliseconds(300), "less than one second"),
        (.milliseconds(500), "one second"), (.seconds(1), "one second"), (.seconds(2), "two seconds"),
        (.milliseconds(11_600), "twelve seconds"), (.seconds(60), "one minute"), (.seconds(61), "one minute and one second"),
        (.seconds(72), "one minute and twelve seconds"), (.seconds(125), "two minutes and five seconds"),
        (.seconds(3_600), "one hour"), (.seconds(3_603), "one hour and three seconds"),
        (.seconds(7_505), "two hours, five minutes and five seconds"),
    ])
    func durations(duration: Duration, words: String) {
        #expect(SpokenText.duration(duration) == words)
    }

    @Test("counts agree with their noun", arguments: [
        (0, "no new messages"), (1, "one new message"), (2, "two new messages"), (21, "twenty-one new messages"),
        (100, "one hundred new messages"),
    ])
    func counts(value: Int, words: String) {
        #expect(SpokenText.count(value, "new message") == words)
    }

    @Test("irregular plurals and another word for zero")
    func irregularCounts() {
        #expect(SpokenText.count(2, "fax", plural: "faxes") == "two faxes")
        #expect(SpokenText.count(1, "fax", plural: "faxes") == "one fax")
        #expect(SpokenText.count(0, "saved message", zero: "zero") == "zero saved messages")
    }

    @Test("lists", arguments: [
        ([String](), ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"),
    ])
    func lists(items: [String], words: String) {
        #expect(SpokenText.list(items) == words)
    }
}
