/// A cursor over the UTF-8 bytes of one header value, with the RFC 3261 §25 building blocks
/// (tokens, quoted strings, comments, LWS, parameters). Errors carry the header name so a 400 can say what broke.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let header: String

    init(_ bytes: UnsafeBufferPointer<UInt8>, header: String) {
        self.bytes = bytes
        self.index = 0
        self.header = header
    }

    var isAtEnd: Bool { index >= bytes.count }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func error(_ reason: String) -> SIPMessageError {
        SIPMessageError(.syntax, reason, header: header)
    }

    /// Runs `body` over the contiguous UTF-8 bytes of `text`.
    static func scan<T>(
        _ text: Substring, header: String, _ body: (inout ByteScanner) throws(SIPMessageError) -> T
    ) throws(SIPMessageError) -> T {
        let direct: Result<T, SIPMessageError>? = text.utf8.withContiguousStorageIfAvailable { buffer in
            var scanner = ByteScanner(buffer, header: header)
            do throws(SIPMessageError) { return .success(try body(&scanner)) } catch { return .failure(error) }
        }
        if let direct { return try direct.get() }
        var copy = String(text)
        let result: Result<T, SIPMessageError> = copy.withUTF8 { buffer in
            var scanner = ByteScanner(buffer, header: header)
            do throws(SIPMessageError) { return .success(try body(&scanner)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Runs `body` over the value bytes of a header field.
    static func scan<T>(
        _ field: borrowing SIPHeaderField, _ body: (inout ByteScanner) throws(SIPMessageError) -> T
    ) throws(SIPMessageError) -> T {
        let header = field.name.canonical
        let result: Result<T, SIPMessageError> = field.withValueBytes { buffer in
            var scanner = ByteScanner(buffer, header: header)
            do throws(SIPMessageError) { return .success(try body(&scanner)) } catch { return .failure(error) }
        }
        do throws(SIPMessageError) {
            return try result.get()
        } catch {
            throw error.located(line: field.lineNumber, header: header)
        }
    }

    /// The text of `range` as a String.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func skipLWS() {
        while index < bytes.count, SIPCharacterClass.isLWS(bytes[index]) { index += 1 }
    }

    /// Skips white space and RFC 3261 comments `( … )`, which may nest and contain quoted pairs.
    mutating func skipLWSAndComments() throws(SIPMessageError) {
        skipLWS()
        while peek == UInt8(ascii: "(") {
            var depth = 0
            repeat {
                guard index < bytes.count else { throw error("unterminated comment") }
                let b = bytes[index]
                if b == UInt8(ascii: "\\") { index += 1 }
                else if b == UInt8(ascii: "(") { depth += 1 }
                else if b == UInt8(ascii: ")") { depth -= 1 }
                index += 1
            } while depth > 0
            skipLWS()
        }
    }

    /// Consumes `byte` (with optional white space around it, the SWS of RFC 3261 §25.1) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        let save = index
        skipLWS()
        if peek == byte {
            index += 1
            skipLWS()
            return true
        }
        index = save
        return false
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(SIPMessageError) {
        guard consume(byte) else { throw error("expected \(what)") }
    }

    /// A run of characters in `table`; empty if none.
    mutating func run(_ table: [Bool]) -> Range<Int> {
        let start = index
        while index < bytes.count, table[Int(bytes[index])] { index += 1 }
        return start..<index
    }

    /// An RFC 3261 `token`.
    mutating func token(_ what: String) throws(SIPMessageError) -> String {
        let range = run(SIPCharacterClass.token)
        guard !range.isEmpty else {
            if let b = peek { throw error("expected \(what), found '\(Self.printable(b))'") }
            throw error("expected \(what), found end of value")
        }
        return string(range)
    }

    /// An unsigned decimal number of at most `maxDigits` digits.
    mutating func number(_ what: String, maxDigits: Int = 10) throws(SIPMessageError) -> UInt64 {
        var range = run(Self.digits)
        guard !range.isEmpty else { throw error("expected \(what) (digits)") }
        // Leading zeros are legal (RFC 4475 §3.1.1.1 sends Max-Forwards: 0068); only significant digits count.
        while range.count > 1, bytes[range.lowerBound] == 0x30 { range = (range.lowerBound + 1)..<range.upperBound }
        guard range.count <= maxDigits else { throw SIPMessageError(.outOfRange, "\(what) has too many digits", header: header) }
        var value: UInt64 = 0
        for i in range { value = value * 10 + UInt64(bytes[i] - 0x30) }
        return value
    }

    /// A `quoted-string`; returns the content with quoted pairs resolved.
    mutating func quotedString() throws(SIPMessageError) -> String {
        guard peek == UInt8(ascii: "\"") else { throw error("expected quoted string") }
        index += 1
        var start = index
        var pieces = ""
        var hasEscape = false
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let tail = string(start..<index)
                index += 1
                return hasEscape ? pieces + tail : tail
            }
            if b == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF may not be escaped.
                let next = bytes[index + 1]
                guard next != 0x0A, next != 0x0D, next < 0x80 else { throw error("invalid escape in quoted string") }
                hasEscape = true
                pieces += string(start..<index)
                start = index + 1
                index += 2
                continue
            }
            index += 1
        }
        throw error("unterminated quoted string")
    }

    /// Generic parameters `*( SEMI name [ EQUAL value ] )`, values kept as written (quotes included).
    mutating func parameters(stopAt stops: [UInt8] = [UInt8(ascii: ",")]) throws(SIPMessageError) -> SIPParameters {
        var parameters = SIPParameters()
        while true {
            let save = index
            skipLWS()
            guard peek == UInt8(ascii: ";") else {
                index = save
                return parameters
            }
            index += 1
            skipLWS()
            let name = try token("parameter name")
            var value: String?
            if consume(UInt8(ascii: "=")) {
                value = try parameterValue()
            }
            parameters.append(name, value)
        }
    }

    /// `gen-value = token / host / quoted-string`; quoted strings are kept with their quotes.
    mutating func parameterValue() throws(SIPMessageError) -> String {
        if peek == UInt8(ascii: "\"") {
            let start = index
            _ = try quotedString()
            return string(start..<index)
        }
        if peek == UInt8(ascii: "[") {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "]") { index += 1 }
            guard index < bytes.count else { throw error("unterminated IPv6 reference in parameter") }
            index += 1
            return string(start..<index)
        }
        let range = run(Self.parameterValueCharacters)
        guard !range.isEmpty else { throw error("empty parameter value") }
        return string(range)
    }

    /// Comma-separated list elements: calls `element` for each, skipping empty elements as RFC 7230-era lists do.
    mutating func commaSeparated(_ element: (inout ByteScanner) throws(SIPMessageError) -> Void) throws(SIPMessageError) {
        skipLWS()
        while !isAtEnd {
            if peek == UInt8(ascii: ",") {
                index += 1
                skipLWS()
                continue
            }
            try element(&self)
            skipLWS()
            guard !isAtEnd else { return }
            guard peek == UInt8(ascii: ",") else {
                throw error("unexpected '\(Self.printable(bytes[index]))' after list element")
            }
        }
    }

    mutating func expectEnd() throws(SIPMessageError) {
        skipLWS()
        if let b = peek { throw error("unexpected '\(Self.printable(b))' at end of value") }
    }

    static let digits: [Bool] = (0...255).map { SIPCharacterClass.isDigit(UInt8($0)) }

    /// Token characters plus ":" so that host:port-like values (maddr, received) scan as one value.
    static let parameterValueCharacters: [Bool] = (0...255).map {
        SIPCharacterClass.token[$0] || $0 == Int(UInt8(ascii: ":")) || $0 == Int(UInt8(ascii: "/"))
    }

    static func printable(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? String(UnicodeScalar(b)) : "0x" + String(b, radix: 16)
    }
}
