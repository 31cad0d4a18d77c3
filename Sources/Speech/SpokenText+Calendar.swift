public import Foundation

extension SpokenText {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// The day of `date` as a message envelope says it, relative to `reference` (the caller passes "now"; nothing
    /// here reads a clock), both seen in `timeZone`:
    /// the same day → "today"; the day before → "yesterday"; two to six days before → the weekday ("Tuesday");
    /// otherwise "Tuesday, November twenty-fifth", with the year ("…, twenty twenty-four") when it differs from
    /// the reference's.
    public static func date(_ date: Date, relativeTo reference: Date, in timeZone: TimeZone) -> String {
        let calendar = gregorian(timeZone)
        let days = calendar.dateComponents(
            [.day], from: calendar.startOfDay(for: date), to: calendar.startOfDay(for: reference)
        ).day ?? Int.min
        switch days {
        case 0: return "today"
        case 1: return "yesterday"
        case 2...6: return weekdays[calendar.component(.weekday, from: date) - 1]
        default:
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let (year, month, day, weekday) = (parts.year ?? 0, parts.month ?? 1, parts.day ?? 1, parts.weekday ?? 1)
            let spoken = weekdays[weekday - 1] + ", " + months[month - 1] + " " + ordinal(day)
            let referenceYear = calendar.component(.year, from: reference)
            return year == referenceYear ? spoken : spoken + ", " + self.year(year)
        }
    }

    /// A calendar year as Americans say it: 1999 → "nineteen ninety-nine", 1905 → "nineteen oh five",
    /// 1900 → "nineteen hundred", 2000 → "two thousand", 2007 → "two thousand seven", 2025 → "twenty twenty-five".
    public static func year(_ year: Int) -> String {
        let century = year / 100, rest = year % 100
        switch (year, rest) {
        case (..<1000, _), (10_000..., _): return number(year)
        case (2000...2009, _): return number(year)
        case (_, 0): return number(century) + " hundred"
        case (_, 1...9): return number(century) + " oh " + number(rest)
        default: return number(century) + " " + number(rest)
        }
    }

    /// The time of `date` in `timeZone`, 12-hour: 15:45 → "three forty-five P M", 09:05 → "nine oh five A M",
    /// 15:00 → "three P M", 12:00 → "twelve noon", 00:00 → "twelve midnight".
    public static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = gregorian(timeZone).dateComponents([.hour, .minute], from: date)
        return time(hour: parts.hour ?? 0, minute: parts.minute ?? 0)
    }

    /// The time `hour`:`minute` (24-hour input, 0…23 and 0…59), spoken 12-hour as in `time(_:in:)`.
    public static func time(hour: Int, minute: Int) -> String {
        let hour = ((hour % 24) + 24) % 24, minute = ((minute % 60) + 60) % 60
        switch (hour, minute) {
        case (12, 0): return "twelve noon"
        case (0, 0): return "twelve midnight"
        default:
            let clock = hour % 12 == 0 ? 12 : hour % 12
            let suffix = hour < 12 ? "A M" : "P M"
            switch minute {
            case 0: return number(clock) + " " + suffix
            case 1...9: return number(clock) + " oh " + number(minute) + " " + suffix
            default: return number(clock) + " " + number(minute) + " " + suffix
            }
        }
    }

    private static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
