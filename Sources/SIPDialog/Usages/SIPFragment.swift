public import SIPMessage

/// A `message/sipfrag` body (RFC 3420): part of a SIP message — an optional start line, optional header fields, and
/// an optional body after an empty line.
///
/// ```
/// sipfrag = [ start-line ] *message-header [ CRLF [ message-body ] ]     (RFC 3420 §2)
/// ```
///
/// REFER progress NOTIFYs carry one whose start line is the status of the referenced request, such as
/// `SIP/2.0 180 Ringing` (RFC 3515 §2.4.5). Parsing accepts CRLF or bare LF line ends, folded header lines and a
/// missing final line end; a start line anywhere but first is an error (RFC 3420 §3.2). Header values are kept as
/// canonical fields, so the typed `SIPHeaders` accessors work on them.
public struct SIPFragment: Sendable, Equatable, CustomStringConvertible {
    /// The start line, if the fragment has one: a Request-Line or a Status-Line.
    public var startLine: SIPMessage.StartLine?
    /// The header fields, in order.
    public var headers: SIPHeaders
    /// The body after the empty line; empty for none.
    public var body: [UInt8]

    /// Creates a fragment.
    public init(startLine: SIPMessage.StartLine? = nil, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    /// A fragment of just a Status-Line, e.g. `SIP/2.0 486 Busy Here`: what a REFER NOTIFY carries (RFC 3515 §2.4.5).
    public init(statusCode: Int, reasonPhrase: String? = nil, headers: SIPHeaders = SIPHeaders()) {
        self.init(
            startLine: .response(
                version: SIPMessage.version, statusCode: statusCode,
                reasonPhrase: reasonPhrase ?? SIPStatus.reasonPhrase(for: statusCode)),
            headers: headers)
    }

    /// Parses a fragment from text.
    public init(parsing text: String) throws(DialogUsageError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses a fragment from the bytes of a body (RFC 3420 §2).
    public init(parsing bytes: [UInt8]) throws(DialogUsageError) {
        var startLine: SIPMessage.StartLine?
        var fields: [(name: String, value: String)] = []
        var body: [UInt8] = []
        var lineNumber = 0
        var i = 0
        while i < bytes.count {
            lineNumber += 1
            let lf = bytes[i...].firstIndex(of: 0x0A)
            var end = lf ?? bytes.count
            let next = lf.map { $0 + 1 } ?? bytes.count
            if end > i, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[i..<end]
            i = next
            if line.isEmpty {
                // The empty line: everything after it is the body (RFC 3420 §2, RFC 3261 §7.4).
                body = Array(bytes[next...])
                break
            }
            let first = line[line.startIndex]
            if first == 0x20 || first == 0x09 {
                guard !fields.isEmpty else {
                    throw DialogUsageError.invalid("sipfrag line \(lineNumber): continuation line without a header before it")
                }
                let more = Self.text(line).trimmingSpaces()
                if !more.isEmpty { fields[fields.count - 1].value += " " + more }
                continue
            }
            if let (name, value) = Self.headerLine(line) {
                fields.append((name, value))
                continue
            }
            guard lineNumber == 1 else {
                throw DialogUsageError.invalid("sipfrag line \(lineNumber) is neither a header field nor the first line's start line")
            }
            startLine = try Self.parseStartLine(Self.text(line))
        }

        var headers = SIPHeaders()
        for field in fields { headers.append(SIPHeaderField(SIPHeaderName(field.name), field.value)) }
        if let length = headers.decimalValue(.contentLength) {
            guard length <= UInt64(body.count) else {
                throw DialogUsageError.invalid("sipfrag Content-Length \(length) exceeds the \(body.count) bytes of body")
            }
            body = Array(body.prefix(Int(length)))
        }
        self.init(startLine: startLine, headers: headers, body: body)
    }

    /// The status code of a Status-Line start line; nil for a request line or none.
    public var statusCode: Int? {
        if case .response(_, let code, _) = startLine { return code }
        return nil
    }

    /// The reason phrase of a Status-Line start line.
    public var reasonPhrase: String? {
        if case .response(_, _, let phrase) = startLine { return phrase }
        return nil
    }

    /// The fragment as it goes in a body: each line ends in CRLF; a body follows an empty line.
    public var bytes: [UInt8] {
        var text = ""
        if let startLine {
            switch startLine {
            case .request(let method, let uri, let version):
                text += method.rawValue + " " + uri.serialized + " " + version
            case .response(let version, let code, let phrase):
                text += version + " " + String(code) + " " + phrase
            }
            text += "\r\n"
        }
        for field in headers {
            text += field.line
            text += "\r\n"
        }
        guard !body.isEmpty else { return Array(text.utf8) }
        return Array((text + "\r\n").utf8) + body
    }

    /// The fragment as text (a body that is not UTF-8 is repaired).
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: - Parsing helpers

    private static func text(_ bytes: ArraySlice<UInt8>) -> Substring {
        Substring(String(decoding: bytes, as: UTF8.self))
    }

    /// `field-name HCOLON value` (RFC 3261 §7.3.1), or nil when the line is not a header line.
    private static func headerLine(_ line: ArraySlice<UInt8>) -> (String, String)? {
        var j = line.startIndex
        while j < line.endIndex, isTokenByte(line[j]) { j += 1 }
        guard j > line.startIndex else { return nil }
        let nameEnd = j
        while j < line.endIndex, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
        guard j < line.endIndex, line[j] == UInt8(ascii: ":") else { return nil }
        let name = String(decoding: line[line.startIndex..<nameEnd], as: UTF8.self)
        let value = text(line[(j + 1)...]).trimmingSpaces()
        return (name, String(value))
    }

    /// `Status-Line` or `Request-Line` (RFC 3261 §7.1, §7.2).
    private static func parseStartLine(_ line: Substring) throws(DialogUsageError) -> SIPMessage.StartLine {
        if line.hasPrefix("SIP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, isVersion(parts[0]) else {
                throw DialogUsageError.invalid("sipfrag status line '\(line)' is malformed")
            }
            guard parts[1].utf8.count == 3, let code = Int(parts[1]), (100...699).contains(code) else {
                throw DialogUsageError.invalid("sipfrag status code '\(parts[1])' is not 100-699")
            }
            return .response(version: String(parts[0]), statusCode: code, reasonPhrase: parts.count > 2 ? String(parts[2]) : "")
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy(isTokenByte), isVersion(parts[2]) else {
            throw DialogUsageError.invalid("sipfrag first line '\(line)' is neither a start line nor a header field")
        }
        let uri: SIPURI
        do throws(SIPMessageError) { uri = try SIPURI(parsing: String(parts[1])) } catch { throw DialogUsageError.malformed(error) }
        return .request(method: SIPMethod(rawValue: String(parts[0])), uri: uri, version: String(parts[2]))
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT`.
    private static func isVersion(_ text: Substring) -> Bool {
        guard text.hasPrefix("SIP/") else { return false }
        let numbers = text.dropFirst(4).split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 2 && numbers.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    /// RFC 3261 `token` characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~".
    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-.!%*_+`'~".utf8.contains(b)
    }
}
