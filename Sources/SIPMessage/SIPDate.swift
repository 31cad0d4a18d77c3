/// The Date header (RFC 3261 §20.17): an RFC 1123 date that must be in GMT, e.g. `Sat, 13 Nov 2010 23:29:00 GMT`.
public struct SIPDate: Sendable, Equatable, CustomStringConvertible {
    /// Day of the month, 1–31.
    public var day: Int
    /// Month, 1–12.
    public var month: Int
    /// Four-digit year.
    public var year: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Second, 0–60 (a leap second is allowed).
    public var second: Int

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date in RFC 1123 form (the weekday is computed).
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        return Self.weekdays[weekday] + ", " + two(day) + " " + Self.months[month - 1] + " " + String(year) + " "
            + two(hour) + ":" + two(minute) + ":" + two(second) + " GMT"
    }

    /// Monday = 0, by Zeller-style arithmetic on the proleptic Gregorian calendar.
    var weekday: Int {
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let sundayBased = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7
        return (sundayBased + 6) % 7
    }

    /// `rfc1123-date = wkday "," SP date1 SP time SP "GMT"`.
    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPDate {
        s.skipLWS()
        let weekday = try s.token("weekday")
        guard weekdays.contains(weekday) else { throw s.error("invalid weekday '\(weekday)'") }
        try s.expect(UInt8(ascii: ","), "',' after weekday")
        let day = Int(try s.number("day", maxDigits: 2))
        s.skipLWS()
        let monthName = try s.token("month")
        guard let month = months.firstIndex(of: monthName).map({ $0 + 1 }) else { throw s.error("invalid month '\(monthName)'") }
        s.skipLWS()
        let year = Int(try s.number("year", maxDigits: 4))
        s.skipLWS()
        let hour = Int(try s.number("hour", maxDigits: 2))
        try s.expect(UInt8(ascii: ":"), "':' in time")
        let minute = Int(try s.number("minute", maxDigits: 2))
        try s.expect(UInt8(ascii: ":"), "':' in time")
        let second = Int(try s.number("second", maxDigits: 2))
        s.skipLWS()
        let zone = try s.token("time zone")
        guard zone == "GMT" else { throw s.error("Date must be in GMT, not \(zone)") }
        try s.expectEnd()
        guard (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
            throw SIPMessageError(.outOfRange, "date or time field out of range", header: s.header)
        }
        return SIPDate(day: day, month: month, year: year, hour: hour, minute: minute, second: second)
    }
}

extension SIPHeaders {
    /// The Date header (RFC 3261 §20.17); nil when absent.
    public var date: SIPDate? {
        get throws(SIPMessageError) { try parseSingle(.date) { (s) throws(SIPMessageError) in try SIPDate.parse(&s) } }
    }
}
