// RFC 8866 §5 and §9: reading a session description.
//
// Strict where the RFC is, because a wrong guess there changes the meaning: `v=0`, `o=` and `s=`
// come first and in that order, every line is `<type>=<value>` with a type letter RFC 8866 defines
// (§5: a parser must reject a description with a type letter it does not understand), lines
// belong to the level they appear at, and numbers are numbers.
//
// Tolerant where deployed PBXs and phones deviate without changing the meaning: lines may end in
// LF instead of CRLF (RFC 8866 §5 asks parsers to accept that), trailing spaces and tabs are
// dropped, blank lines are skipped, fields may be separated by several spaces, `s=` may be empty,
// session-level lines may come in any order before the first `m=` (RFC 3264 §9's own example
// puts `t=` before `c=`), `z=` may follow `t=` without an `r=` (RFC 4566 allowed it), and a
// description without `t=` reads as `t=0 0`.

extension SessionDescription {
    /// Parses a session description from text.
    public init(parsing text: String) throws(SDPError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses a session description from bytes, such as a SIP message body. Text fields are read
    /// as UTF-8; invalid sequences become U+FFFD.
    public init(parsing bytes: some Collection<UInt8>) throws(SDPError) {
        var parser = SessionDescriptionParser()
        self = try parser.parse(Array(bytes))
    }
}

/// One line of a session description.
private struct Line {
    /// 1-based line number in the input.
    var number: Int
    /// The type letter.
    var type: Character
    /// Everything after `=`, without trailing whitespace.
    var value: Substring
}

private struct SessionDescriptionParser {
    mutating func parse(_ bytes: [UInt8]) throws(SDPError) -> SessionDescription {
        let lines = try Self.lines(of: bytes)
        var index = 0

        func next(_ type: Character, after previous: String) throws(SDPError) -> Line {
            guard index < lines.count else {
                throw .syntax(lines.last.map { $0.number + 1 } ?? 1, "missing \(type)= line after \(previous)")
            }
            let line = lines[index]
            guard line.type == type else {
                throw .syntax(line.number, "expected \(type)= after \(previous), found \(line.type)=")
            }
            index += 1
            return line
        }

        let versionLine = try next("v", after: "the start of the description")
        guard versionLine.value == "0" else {
            throw .syntax(versionLine.number, "unsupported SDP version \"\(versionLine.value)\"; only 0 is defined")
        }
        let origin = try Self.origin(try next("o", after: "v="))
        let sessionName = String(try next("s", after: "o=").value)

        var description = SessionDescription(origin: origin, sessionName: sessionName, timeDescriptions: [])

        // Session level: everything up to the first m=.
        while index < lines.count, lines[index].type != "m" {
            let line = lines[index]
            index += 1
            switch line.type {
            case "i":
                guard description.information == nil else { throw .syntax(line.number, "more than one session-level i= line") }
                description.information = String(line.value)
            case "u":
                guard description.uri == nil else { throw .syntax(line.number, "more than one u= line") }
                description.uri = String(line.value)
            case "e":
                description.emailAddresses.append(String(line.value))
            case "p":
                description.phoneNumbers.append(String(line.value))
            case "c":
                guard description.connection == nil else { throw .syntax(line.number, "more than one session-level c= line") }
                description.connection = try Self.connection(line)
            case "b":
                description.bandwidths.append(try Self.bandwidth(line))
            case "t":
                description.timeDescriptions.append(try Self.time(line))
            case "r":
                guard !description.timeDescriptions.isEmpty else { throw .syntax(line.number, "r= before any t= line") }
                description.timeDescriptions[description.timeDescriptions.count - 1].repeatTimes.append(try Self.repeatTime(line))
            case "z":
                guard let last = description.timeDescriptions.indices.last else { throw .syntax(line.number, "z= before any t= line") }
                guard description.timeDescriptions[last].zoneAdjustments.isEmpty else {
                    throw .syntax(line.number, "more than one z= line for a t= line")
                }
                description.timeDescriptions[last].zoneAdjustments = try Self.zoneAdjustments(line)
            case "k":
                guard description.encryptionKey == nil else { throw .syntax(line.number, "more than one session-level k= line") }
                description.encryptionKey = String(line.value)
            case "a":
                description.attributes.append(try Self.attribute(line))
            default:
                throw .syntax(line.number, "\(line.type)= is not allowed at session level")
            }
        }
        if description.timeDescriptions.isEmpty { description.timeDescriptions = [.permanent] }

        // Media level.
        while index < lines.count {
            let mediaLine = lines[index]
            index += 1
            var media = try Self.media(mediaLine)
            while index < lines.count, lines[index].type != "m" {
                let line = lines[index]
                index += 1
                switch line.type {
                case "i":
                    guard media.information == nil else { throw .syntax(line.number, "more than one i= line in a media description") }
                    media.information = String(line.value)
                case "c":
                    media.connections.append(try Self.connection(line))
                case "b":
                    media.bandwidths.append(try Self.bandwidth(line))
                case "k":
                    guard media.encryptionKey == nil else { throw .syntax(line.number, "more than one k= line in a media description") }
                    media.encryptionKey = String(line.value)
                case "a":
                    media.attributes.append(try Self.attribute(line))
                default:
                    throw .syntax(line.number, "\(line.type)= is not allowed in a media description")
                }
            }
            description.mediaDescriptions.append(media)
        }
        return description
    }

    // MARK: Lines

    private static let typeLetters: Set<Character> = ["v", "o", "s", "i", "u", "e", "p", "c", "b", "t", "r", "z", "k", "a", "m"]

    private static func lines(of bytes: [UInt8]) throws(SDPError) -> [Line] {
        var lines: [Line] = []
        var number = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            number += 1
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var end = newline
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let raw = bytes[start..<end]
            start = newline < bytes.endIndex ? newline + 1 : newline
            if raw.contains(0) { throw .syntax(number, "NUL character") }
            if raw.contains(UInt8(ascii: "\r")) { throw .syntax(number, "CR not followed by LF") }
            let text = String(decoding: raw, as: UTF8.self).trimmingTrailingWhitespace
            if text.isEmpty { continue }
            let utf8 = text.utf8
            guard utf8.count >= 2, let type = text.first, utf8[utf8.index(after: utf8.startIndex)] == UInt8(ascii: "=") else {
                throw .syntax(number, "expected <type>=<value>")
            }
            guard typeLetters.contains(type) else {
                // RFC 8866 §5: a description with a type letter we do not understand must be ignored.
                throw .syntax(number, "unknown type letter \"\(type)\"")
            }
            lines.append(Line(number: number, type: type, value: text.dropFirst(2)))
        }
        return lines
    }

    // MARK: Fields

    /// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`
    private static func origin(_ line: Line) throws(SDPError) -> Origin {
        let fields = line.value.whitespaceSeparatedFields
        guard fields.count == 6 else { throw .syntax(line.number, "o= needs 6 fields, found \(fields.count)") }
        guard fields[1].isDigits else { throw .syntax(line.number, "o= session id \"\(fields[1])\" is not a number") }
        guard let version = parseDecimal(fields[2], as: UInt64.self) else {
            throw .syntax(line.number, "o= session version \"\(fields[2])\" is not a number")
        }
        return Origin(
            username: String(fields[0]), sessionID: String(fields[1]), sessionVersion: version,
            networkType: String(fields[3]), addressType: String(fields[4]), unicastAddress: String(fields[5]))
    }

    /// `c=<nettype> <addrtype> <connection-address>`
    private static func connection(_ line: Line) throws(SDPError) -> ConnectionData {
        let fields = line.value.whitespaceSeparatedFields
        guard fields.count == 3 else { throw .syntax(line.number, "c= needs 3 fields, found \(fields.count)") }
        var connection = ConnectionData(networkType: String(fields[0]), addressType: String(fields[1]), address: String(fields[2]))
        let isIP4 = fields[1].caseInsensitiveEquals("IP4"), isIP6 = fields[1].caseInsensitiveEquals("IP6")
        guard isIP4 || isIP6 else { return connection }
        let parts = fields[2].split(separator: "/", omittingEmptySubsequences: false)
        guard !parts[0].isEmpty else { throw .syntax(line.number, "c= has no address") }
        connection.address = String(parts[0])
        let numbers = parts.dropFirst().map { parseInt($0) }
        guard !numbers.contains(nil) else { throw .syntax(line.number, "c= address suffix is not a number") }
        switch (isIP4, numbers.count) {
        case (_, 0): break
        case (true, 1...2):
            // RFC 8866 §5.7: an IPv4 multicast address carries a TTL, then optionally a count.
            guard let ttl = numbers[0], ttl <= 255 else { throw .syntax(line.number, "c= TTL must be 0–255") }
            connection.ttl = ttl
            if numbers.count == 2 { connection.numberOfAddresses = numbers[1] }
        case (false, 1):
            // IPv6 multicast has no TTL, only a count.
            connection.numberOfAddresses = numbers[0]
        default:
            throw .syntax(line.number, "c= address has too many / suffixes")
        }
        if let count = connection.numberOfAddresses, count < 1 {
            throw .syntax(line.number, "c= number of addresses must be at least 1")
        }
        return connection
    }

    /// `b=<bwtype>:<bandwidth>`
    private static func bandwidth(_ line: Line) throws(SDPError) -> Bandwidth {
        guard let colon = line.value.firstIndex(of: ":"), colon > line.value.startIndex else {
            throw .syntax(line.number, "b= must be <bwtype>:<bandwidth>")
        }
        let value = line.value[line.value.index(after: colon)...].trimmingWhitespace
        guard let bandwidth = parseDecimal(value, as: UInt64.self) else {
            throw .syntax(line.number, "b= bandwidth \"\(value)\" is not a number")
        }
        return Bandwidth(type: String(line.value[..<colon]), value: bandwidth)
    }

    /// `t=<start-time> <stop-time>`
    private static func time(_ line: Line) throws(SDPError) -> TimeDescription {
        let fields = line.value.whitespaceSeparatedFields
        guard fields.count == 2, let start = parseDecimal(fields[0], as: UInt64.self),
              let stop = parseDecimal(fields[1], as: UInt64.self)
        else { throw .syntax(line.number, "t= must be two decimal times") }
        return TimeDescription(startTime: start, stopTime: stop)
    }

    /// `r=<repeat interval> <active duration> <offsets from start-time>`
    private static func repeatTime(_ line: Line) throws(SDPError) -> TimeDescription.RepeatTime {
        let fields = line.value.whitespaceSeparatedFields
        guard fields.count >= 3 else { throw .syntax(line.number, "r= needs an interval, a duration and at least one offset") }
        var values: [UInt64] = []
        for field in fields {
            guard let seconds = typedTime(field) else { throw .syntax(line.number, "r= value \"\(field)\" is not a typed time") }
            values.append(seconds)
        }
        guard values[0] > 0 else { throw .syntax(line.number, "r= repeat interval must not be 0") }
        return TimeDescription.RepeatTime(repeatInterval: values[0], activeDuration: values[1], offsets: Array(values[2...]))
    }

    /// `z=<adjustment time> <offset> <adjustment time> <offset> ...`
    private static func zoneAdjustments(_ line: Line) throws(SDPError) -> [TimeDescription.ZoneAdjustment] {
        let fields = line.value.whitespaceSeparatedFields
        guard !fields.isEmpty, fields.count.isMultiple(of: 2) else {
            throw .syntax(line.number, "z= needs pairs of adjustment time and offset")
        }
        var adjustments: [TimeDescription.ZoneAdjustment] = []
        for pair in stride(from: 0, to: fields.count, by: 2) {
            let offsetText = fields[pair + 1]
            let negative = offsetText.hasPrefix("-")
            guard let time = parseDecimal(fields[pair], as: UInt64.self),
                  let magnitude = typedTime(negative ? offsetText.dropFirst() : offsetText), magnitude <= UInt64(Int64.max)
            else { throw .syntax(line.number, "z= pair \"\(fields[pair]) \(offsetText)\" is malformed") }
            adjustments.append(.init(time: time, offset: negative ? -Int64(magnitude) : Int64(magnitude)))
        }
        return adjustments
    }

    /// RFC 8866 §9 `typed-time`: digits with an optional, case-sensitive `d`, `h`, `m` or `s`.
    private static func typedTime(_ text: Substring) -> UInt64? {
        let unit: UInt64? = switch text.last {
        case "d": 86400
        case "h": 3600
        case "m": 60
        case "s": 1
        default: nil
        }
        guard let value = parseDecimal(unit == nil ? text : text.dropLast(), as: UInt64.self) else { return nil }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: unit ?? 1)
        return overflow ? nil : seconds
    }

    /// `a=<attribute-name>[:<attribute-value>]`
    private static func attribute(_ line: Line) throws(SDPError) -> SDPAttribute {
        let colon = line.value.firstIndex(of: ":")
        let name = line.value[..<(colon ?? line.value.endIndex)]
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
            throw .syntax(line.number, "a= attribute name \"\(name)\" is not a token")
        }
        return SDPAttribute(name: String(name), value: colon.map { String(line.value[line.value.index(after: $0)...]) })
    }

    /// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...`
    private static func media(_ line: Line) throws(SDPError) -> MediaDescription {
        let fields = line.value.whitespaceSeparatedFields
        // RFC 8866 requires at least one format; devices rejecting a stream sometimes send none,
        // and nothing is lost by reading that as an empty list.
        guard fields.count >= 3 else { throw .syntax(line.number, "m= needs media, port and proto") }
        guard fields[0].utf8.allSatisfy(isTokenCharacter) else { throw .syntax(line.number, "m= media \"\(fields[0])\" is not a token") }
        let portParts = fields[1].split(separator: "/", omittingEmptySubsequences: false)
        guard portParts.count <= 2, let port = parseInt(portParts[0]), port <= 65535 else {
            throw .syntax(line.number, "m= port \"\(fields[1])\" is not a port number")
        }
        var numberOfPorts: Int?
        if portParts.count == 2 {
            guard let count = parseInt(portParts[1]), count >= 1 else {
                throw .syntax(line.number, "m= number of ports \"\(portParts[1])\" must be a positive integer")
            }
            numberOfPorts = count
        }
        guard fields[2].split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isTokenCharacter) }) else {
            throw .syntax(line.number, "m= proto \"\(fields[2])\" is malformed")
        }
        for format in fields.dropFirst(3) where !format.utf8.allSatisfy(isTokenCharacter) {
            throw .syntax(line.number, "m= format \"\(format)\" is not a token")
        }
        return MediaDescription(
            media: String(fields[0]), port: port, numberOfPorts: numberOfPorts, proto: String(fields[2]),
            formats: fields.dropFirst(3).map(String.init))
    }

    /// RFC 8866 §9 `token-char`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`{|}~".utf8.contains(byte)
        }
    }
}
