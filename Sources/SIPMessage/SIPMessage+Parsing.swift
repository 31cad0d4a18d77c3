extension SIPMessage {
    /// Parses one complete message, as received in a UDP datagram (RFC 3261 §7, §18.3).
    ///
    /// Leading CRLFs are ignored (§7.5). Lines may end in CRLF or a bare LF. When Content-Length is present and the
    /// datagram holds more bytes, the excess is discarded (§18.3); when it claims more bytes than there are, the
    /// message is rejected. Without Content-Length the rest of the datagram is the body.
    public init(parsing bytes: [UInt8], limits: SIPParseLimits = .default) throws(SIPMessageError) {
        let result: Result<SIPMessage, SIPMessageError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(SIPMessageError) { return .success(try SIPMessage.parse(buffer, limits: limits)) } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses one complete message from text.
    public init(parsing text: String, limits: SIPParseLimits = .default) throws(SIPMessageError) {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }

    /// Parses the message in `buffer` (a datagram, or one message cut from a stream by `SIPStreamFramer`).
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, limits: SIPParseLimits) throws(SIPMessageError) -> SIPMessage {
        var start = 0
        while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
        guard start < buffer.count else { throw SIPMessageError(.syntax, "empty message") }

        guard let (headerEnd, bodyStart) = findEndOfHeaders(buffer, from: start) else {
            if buffer.count - start > limits.maxHeaderBytes {
                throw SIPMessageError(.messageTooLarge, "headers exceed \(limits.maxHeaderBytes) bytes")
            }
            throw SIPMessageError(.syntax, "missing empty line after the headers")
        }
        guard headerEnd - start <= limits.maxHeaderBytes else {
            throw SIPMessageError(.messageTooLarge, "headers exceed \(limits.maxHeaderBytes) bytes")
        }

        let headerBytes = UnsafeBufferPointer(rebasing: buffer[start..<headerEnd])
        let text = String(validating: headerBytes, as: UTF8.self) ?? Self.latin1String(headerBytes)
        let (startLine, headers) = try parseHead(text, limits: limits)

        // Body and Content-Length (RFC 3261 §18.3, §20.14).
        let available = buffer.count - bodyStart
        var bodyLength = available
        if let length = try headers.contentLengthValue() {
            guard length <= available else {
                throw SIPMessageError(.inconsistent, "Content-Length \(length) exceeds the \(available) bytes of body received", header: "Content-Length")
            }
            bodyLength = length
        }
        guard bodyLength <= limits.maxBodyBytes else {
            throw SIPMessageError(.bodyTooLarge, "body of \(bodyLength) bytes exceeds \(limits.maxBodyBytes)")
        }
        let body = bodyLength == 0 ? [] : Array(buffer[bodyStart..<(bodyStart + bodyLength)])
        return SIPMessage(startLine: startLine, headers: headers, body: body)
    }

    /// The end of the header section and the start of the body: the first empty line (CRLF CRLF, or LF LF).
    static func findEndOfHeaders(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        var i = start
        let count = buffer.count
        guard let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        while i < count {
            // Skip eight bytes at a time while none is LF (SWAR zero-byte test on x ^ 0x0A…0A).
            while i + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < count else { break }
            guard buffer[i] == 0x0A else {
                i += 1
                continue
            }
            // An empty line is LF followed by (CR) LF.
            if i + 1 < count, buffer[i + 1] == 0x0A { return (i + 1, i + 2) }
            if i + 2 < count, buffer[i + 1] == 0x0D, buffer[i + 2] == 0x0A { return (i + 1, i + 3) }
            i += 1
        }
        return nil
    }

    /// Decodes bytes as ISO 8859-1, for the old PBXs that put Latin-1 display names in headers.
    static func latin1String(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var s = ""
        s.unicodeScalars.reserveCapacity(bytes.count)
        for b in bytes { s.unicodeScalars.append(UnicodeScalar(b)) }
        return s
    }

    /// Splits the header section into the start line and header fields.
    static func parseHead(_ text: String, limits: SIPParseLimits) throws(SIPMessageError) -> (StartLine, SIPHeaders) {
        var text = text
        text.makeContiguousUTF8()
        let storage = text
        let result: Result<(StartLine, SIPHeaders), SIPMessageError>? = storage.utf8.withContiguousStorageIfAvailable { bytes in
            do throws(SIPMessageError) {
                return .success(try parseHead(bytes, storage: storage, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        guard let result else { throw SIPMessageError(.syntax, "header text is not contiguous") }
        return try result.get()
    }

    private static func parseHead(
        _ utf8: UnsafeBufferPointer<UInt8>, storage: String, limits: SIPParseLimits
    ) throws(SIPMessageError) -> (StartLine, SIPHeaders) {
        let end = utf8.count
        var headers = SIPHeaders(reservingCapacity: 16)
        var lineNumber = 1

        // The start line ends at the first LF.
        guard let firstLF = utf8.firstIndex(of: 0x0A) else { throw SIPMessageError(.syntax, "missing line end", line: 1) }
        var startLineEnd = firstLF
        if startLineEnd > 0, utf8[startLineEnd - 1] == 0x0D { startLineEnd -= 1 }
        let startLine = try parseStartLine(UnsafeBufferPointer(rebasing: utf8[0..<startLineEnd]))

        var cursor = firstLF + 1
        while cursor < end {
            lineNumber += 1
            let fieldLine = lineNumber
            let fieldStart = cursor
            let first = utf8[cursor]
            if first == 0x20 || first == 0x09 {
                throw SIPMessageError(.syntax, "continuation line without a header before it", line: lineNumber)
            }
            if first == 0x0D || first == 0x0A {
                throw SIPMessageError(.syntax, "unexpected empty line", line: lineNumber)
            }

            // name = token, then optional white space and a colon.
            var i = cursor
            while i < end, SIPCharacterClass.isToken(utf8[i]) { i += 1 }
            let nameEnd = i
            guard nameEnd > fieldStart else {
                throw SIPMessageError(.syntax, "invalid character '\(ByteScanner.printable(first))' at start of header", line: lineNumber)
            }
            while i < end, utf8[i] == 0x20 || utf8[i] == 0x09 { i += 1 }
            guard i < end, utf8[i] == UInt8(ascii: ":") else {
                let name = String(decoding: UnsafeBufferPointer(rebasing: utf8[fieldStart..<nameEnd]), as: UTF8.self)
                throw SIPMessageError(.syntax, "header line has no colon after its name", line: lineNumber, header: name)
            }
            i += 1

            // The field runs to the end of this line and any continuation lines.
            var lineEnd = i
            var fieldEnd: Int
            while true {
                while lineEnd < end, utf8[lineEnd] != 0x0A { lineEnd += 1 }
                fieldEnd = lineEnd
                if fieldEnd > i, utf8[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
                guard lineEnd < end else { break }
                let next = lineEnd + 1
                if next < end, utf8[next] == 0x20 || utf8[next] == 0x09 {
                    lineNumber += 1
                    lineEnd = next
                    continue
                }
                break
            }
            cursor = lineEnd < end ? lineEnd + 1 : lineEnd

            guard fieldEnd - fieldStart <= limits.maxHeaderLineLength else {
                throw SIPMessageError(.messageTooLarge, "header line longer than \(limits.maxHeaderLineLength) bytes", line: fieldLine)
            }
            guard headers.count < limits.maxHeaderCount else {
                throw SIPMessageError(.messageTooLarge, "more than \(limits.maxHeaderCount) header fields", line: fieldLine)
            }

            // Value starts after SWS (spaces, tabs and line folds) and ends before trailing white space.
            var valueStart = i
            while valueStart < fieldEnd, SIPCharacterClass.isLWS(utf8[valueStart]) { valueStart += 1 }
            var valueEnd = fieldEnd
            while valueEnd > valueStart, SIPCharacterClass.isLWS(utf8[valueEnd - 1]) { valueEnd -= 1 }

            let nameBytes = UnsafeBufferPointer(rebasing: utf8[fieldStart..<nameEnd])
            let name = SIPHeaderName.lookup(nameBytes) ?? SIPHeaderName(String(decoding: nameBytes, as: UTF8.self))
            headers.append(SIPHeaderField(
                name: name, storage: storage, lineStart: fieldStart, lineEnd: fieldEnd, valueStart: valueStart,
                valueEnd: valueEnd, lineNumber: fieldLine))
        }
        return (startLine, headers)
    }

    /// Parses a Request-Line or Status-Line (RFC 3261 §7.1, §7.2): single spaces between elements.
    static func parseStartLine(_ line: UnsafeBufferPointer<UInt8>) throws(SIPMessageError) -> StartLine {
        do {
            let s = ByteScanner(line, header: "start line")
            let bytes = s.bytes
            func fail(_ reason: String, _ kind: SIPMessageError.Kind = .syntax) -> SIPMessageError {
                SIPMessageError(kind, reason, line: 1)
            }
            guard let firstSpace = bytes.firstIndex(of: 0x20) else { throw fail("start line has no spaces") }
            let first = 0..<firstSpace

            if isSIPVersion(bytes, first) {
                // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
                let codeStart = firstSpace + 1
                guard codeStart + 3 <= bytes.count, bytes[codeStart..<(codeStart + 3)].allSatisfy(SIPCharacterClass.isDigit) else {
                    throw fail("status code must be three digits")
                }
                let code = Int(bytes[codeStart] - 0x30) * 100 + Int(bytes[codeStart + 1] - 0x30) * 10 + Int(bytes[codeStart + 2] - 0x30)
                guard (100...699).contains(code) else { throw fail("status code \(code) outside 100-699", .outOfRange) }
                var reason = ""
                if codeStart + 3 < bytes.count {
                    guard bytes[codeStart + 3] == 0x20 else { throw fail("status code must be three digits followed by a space") }
                    reason = s.string((codeStart + 4)..<bytes.count)
                }
                for b in bytes where b < 0x20 && b != 0x09 { throw fail("control character in reason phrase") }
                let version = s.string(first)
                guard isVersion20(version) else { throw fail("SIP version \(version) not supported", .versionNotSupported) }
                return .response(version: version, statusCode: code, reasonPhrase: reason)
            }

            // Request-Line = Method SP Request-URI SP SIP-Version
            guard !first.isEmpty, bytes[first].allSatisfy({ SIPCharacterClass.token[Int($0)] }) else {
                throw fail("method is not a token")
            }
            guard let secondSpace = bytes[(firstSpace + 1)...].firstIndex(of: 0x20) else {
                throw fail("request line must be 'Method SP Request-URI SP SIP-Version'")
            }
            let uriRange = (firstSpace + 1)..<secondSpace
            guard !uriRange.isEmpty else { throw fail("more than one space between method and Request-URI") }
            let versionRange = (secondSpace + 1)..<bytes.count
            guard !bytes[versionRange].contains(0x20) else {
                throw fail("extra white space in request line")
            }
            guard isSIPVersion(bytes, versionRange) else { throw fail("request line does not end in a SIP version") }
            let uri: SIPURI
            do throws(SIPMessageError) {
                uri = try SIPURI.parse(bytes, uriRange, header: "Request-URI")
            } catch {
                throw error.located(line: 1, header: "Request-URI")
            }
            let version = s.string(versionRange)
            guard isVersion20(version) else { throw fail("SIP version \(version) not supported", .versionNotSupported) }
            return .request(method: SIPMethod(rawValue: s.string(first)), uri: uri, version: version)
        }
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT`, with "SIP" case-insensitive (RFC 3261 §7.1).
    static func isSIPVersion(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 7 else { return false }
        let b = range.lowerBound
        guard bytes[b] | 0x20 == UInt8(ascii: "s"), bytes[b + 1] | 0x20 == UInt8(ascii: "i"),
              bytes[b + 2] | 0x20 == UInt8(ascii: "p"), bytes[b + 3] == UInt8(ascii: "/") else { return false }
        var i = b + 4
        var digits = 0
        while i < range.upperBound, SIPCharacterClass.isDigit(bytes[i]) { i += 1; digits += 1 }
        guard digits > 0, i < range.upperBound, bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        digits = 0
        while i < range.upperBound, SIPCharacterClass.isDigit(bytes[i]) { i += 1; digits += 1 }
        return digits > 0 && i == range.upperBound
    }

    static func isVersion20(_ version: String) -> Bool {
        version.utf8.count == 7 && version.uppercased() == "SIP/2.0"
    }
}
