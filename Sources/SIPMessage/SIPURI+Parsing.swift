extension SIPURI {
    /// Parses a URI from text (RFC 3261 §19.1, §25.1; RFC 3966).
    public init(parsing text: String) throws(SIPMessageError) {
        self = try ByteScanner.scan(Substring(text), header: "URI") { (s) throws(SIPMessageError) in
            try SIPURI.parse(s.bytes, s.bytes.startIndex..<s.bytes.endIndex, header: "URI")
        }
    }

    /// Parses the URI occupying exactly `range` of `bytes`.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, header: String
    ) throws(SIPMessageError) -> SIPURI {
        func fail(_ reason: String) -> SIPMessageError { SIPMessageError(.syntax, reason, header: header) }
        func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }

        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        var i = range.lowerBound
        guard i < range.upperBound, isAlpha(bytes[i]) else { throw fail("URI must start with a scheme") }
        while i < range.upperBound, isSchemeCharacter(bytes[i]) { i += 1 }
        guard i < range.upperBound, bytes[i] == UInt8(ascii: ":") else { throw fail("URI scheme not followed by ':'") }
        let scheme = Scheme(name: text(range.lowerBound..<i))
        let rest = (i + 1)..<range.upperBound

        switch scheme {
        case .sip, .sips:
            return try parseSIP(bytes, rest, scheme: scheme, fail: fail, text: text)
        case .tel:
            return try parseTel(bytes, rest, fail: fail, text: text)
        case .other:
            guard !rest.isEmpty else { throw fail("empty \(scheme) URI") }
            for j in rest where bytes[j] <= 0x20 || bytes[j] == UInt8(ascii: "<") || bytes[j] == UInt8(ascii: ">")
                || bytes[j] == UInt8(ascii: "\"") || bytes[j] >= 0x7F {
                throw fail("invalid character \(ByteScanner.printable(bytes[j])) in URI")
            }
            return SIPURI(scheme: scheme, opaque: text(rest))
        }
    }

    private static func parseSIP(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, scheme: Scheme,
        fail: (String) -> SIPMessageError, text: (Range<Int>) -> String
    ) throws(SIPMessageError) -> SIPURI {
        var uri = SIPURI(scheme: scheme, host: "")
        var i = range.lowerBound
        let end = range.upperBound

        // userinfo: '@' may not appear unescaped in user or password, so the first '@' ends it.
        if let at = bytes[range].firstIndex(of: UInt8(ascii: "@")) {
            let colon = bytes[i..<at].firstIndex(of: UInt8(ascii: ":"))
            let userRange = i..<(colon ?? at)
            guard !userRange.isEmpty else { throw fail("empty user part before '@'") }
            try validate(bytes, userRange, SIPCharacterClass.user, "user part", fail)
            uri.user = text(userRange)
            if let colon {
                let passwordRange = (colon + 1)..<at
                try validate(bytes, passwordRange, SIPCharacterClass.password, "password", fail)
                uri.password = text(passwordRange)
            }
            i = at + 1
        }

        // host
        let hostStart = i
        if i < end, bytes[i] == UInt8(ascii: "[") {
            guard let close = bytes[i..<end].firstIndex(of: UInt8(ascii: "]")) else {
                throw fail("unterminated IPv6 reference")
            }
            guard isIPv6Address(bytes, (i + 1)..<close) else { throw fail("invalid IPv6 address \(text(i..<(close + 1)))") }
            i = close + 1
        } else {
            while i < end, SIPCharacterClass.hostname[Int(bytes[i])] { i += 1 }
            guard i > hostStart else { throw fail("missing host") }
            guard isHostname(bytes, hostStart..<i) else { throw fail("invalid host \(text(hostStart..<i))") }
        }
        uri.host = text(hostStart..<i)

        // port
        if i < end, bytes[i] == UInt8(ascii: ":") {
            i += 1
            let portStart = i
            var port = 0
            while i < end, SIPCharacterClass.isDigit(bytes[i]) {
                port = port * 10 + Int(bytes[i] - 0x30)
                i += 1
                guard port <= 65535 else { throw SIPMessageError(.outOfRange, "port out of range", header: "URI") }
            }
            guard i > portStart else { throw fail("missing port after ':'") }
            uri.port = port
        }

        // uri-parameters
        uri.parameters = try parameters(bytes, &i, end, name: isParameterByte, fail: fail, text: text)

        // headers = "?" header *( "&" header )
        if i < end, bytes[i] == UInt8(ascii: "?") {
            var separator = true
            while separator {
                i += 1
                let nameStart = i
                while i < end, isURIHeaderByte(bytes[i]) { i += 1 }
                guard i > nameStart, i < end, bytes[i] == UInt8(ascii: "=") else { throw fail("malformed URI header") }
                let nameEnd = i
                i += 1
                let valueStart = i
                while i < end, isURIHeaderByte(bytes[i]) { i += 1 }
                try validateEscapes(bytes, nameStart..<i, fail)
                uri.headers.append(Header(name: text(nameStart..<nameEnd), value: text(valueStart..<i)))
                separator = i < end && bytes[i] == UInt8(ascii: "&")
            }
        }

        guard i == end else { throw fail("invalid character '\(ByteScanner.printable(bytes[i]))' in SIP URI") }
        return uri
    }

    private static func parseTel(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        fail: (String) -> SIPMessageError, text: (Range<Int>) -> String
    ) throws(SIPMessageError) -> SIPURI {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end, SIPCharacterClass.telephone[Int(bytes[i])] { i += 1 }
        guard i > range.lowerBound else { throw fail("empty telephone number in tel URI") }
        let number = text(range.lowerBound..<i)
        let parameters = try parameters(bytes, &i, end, name: { SIPCharacterClass.token[Int($0)] }, fail: fail, text: text)
        let uri = SIPURI(telephoneNumber: number, parameters: parameters)
        guard i == end else { throw fail("invalid character '\(ByteScanner.printable(bytes[i]))' in tel URI") }
        return uri
    }

    /// `*( ";" pname [ "=" pvalue ] )`, escapes checked; names drawn from `name`, values from `paramchar`.
    private static func parameters(
        _ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, name isNameByte: (UInt8) -> Bool,
        fail: (String) -> SIPMessageError, text: (Range<Int>) -> String
    ) throws(SIPMessageError) -> SIPParameters {
        var parameters = SIPParameters()
        while i < end, bytes[i] == UInt8(ascii: ";") {
            i += 1
            let nameStart = i
            while i < end, isNameByte(bytes[i]) { i += 1 }
            guard i > nameStart else { throw fail("empty URI parameter name") }
            try validateEscapes(bytes, nameStart..<i, fail)
            let name = text(nameStart..<i)
            var value: String?
            if i < end, bytes[i] == UInt8(ascii: "=") {
                i += 1
                let valueStart = i
                while i < end, isParameterByte(bytes[i]) { i += 1 }
                try validateEscapes(bytes, valueStart..<i, fail)
                value = text(valueStart..<i)
            }
            parameters.append(name, value)
        }
        return parameters
    }

    private static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ allowed: [Bool], _ what: String,
        _ fail: (String) -> SIPMessageError
    ) throws(SIPMessageError) {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < range.upperBound,
                      SIPCharacterClass.isHexDigit(bytes[i + 1]), SIPCharacterClass.isHexDigit(bytes[i + 2]) else {
                    throw fail("malformed escape in \(what)")
                }
                i += 3
                continue
            }
            guard allowed[Int(b)] else { throw fail("invalid character '\(ByteScanner.printable(b))' in \(what)") }
            i += 1
        }
    }

    private static func validateEscapes(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ fail: (String) -> SIPMessageError
    ) throws(SIPMessageError) {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < range.upperBound, SIPCharacterClass.isHexDigit(bytes[i + 1]),
                      SIPCharacterClass.isHexDigit(bytes[i + 2]) else { throw fail("malformed escape in URI") }
                i += 3
            } else {
                i += 1
            }
        }
    }

    private static func isParameterByte(_ b: UInt8) -> Bool {
        SIPCharacterClass.parameter[Int(b)] || b == UInt8(ascii: "%")
    }

    private static func isURIHeaderByte(_ b: UInt8) -> Bool {
        SIPCharacterClass.uriHeader[Int(b)] || b == UInt8(ascii: "%")
    }

    private static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private static func isSchemeCharacter(_ b: UInt8) -> Bool {
        SIPCharacterClass.isAlphanumeric(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }

    /// RFC 3261 `hostname / IPv4address`: labels of alphanumerics and inner hyphens; an all-numeric name must be a dotted quad.
    static func isHostname(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var labels = 0
        var labelStart = range.lowerBound
        var allNumeric = true
        var i = range.lowerBound
        var lastLabelNumeric = true
        while i <= range.upperBound {
            if i == range.upperBound || bytes[i] == UInt8(ascii: ".") {
                let label = labelStart..<i
                if label.isEmpty {
                    // Only a single trailing dot (a fully qualified name) may leave an empty label.
                    guard i == range.upperBound, labels > 0 else { return false }
                    break
                }
                if bytes[label.lowerBound] == UInt8(ascii: "-") || bytes[label.upperBound - 1] == UInt8(ascii: "-") {
                    return false
                }
                lastLabelNumeric = bytes[label].allSatisfy(SIPCharacterClass.isDigit)
                if lastLabelNumeric {
                    if label.count > 3 { allNumeric = false }
                } else {
                    allNumeric = false
                }
                labels += 1
                labelStart = i + 1
            }
            i += 1
        }
        if allNumeric {
            guard labels == 4 else { return false }
            var value = 0
            for b in bytes[range] {
                if b == UInt8(ascii: ".") {
                    value = 0
                } else {
                    value = value * 10 + Int(b - 0x30)
                    if value > 255 { return false }
                }
            }
            return true
        }
        // toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum: the last label may not be all digits.
        return !lastLabelNumeric
    }

    /// RFC 3261 `IPv6address` (without brackets): hex groups, at most one "::", optionally ending in IPv4.
    static func isIPv6Address(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        var groups = 0
        var sawDoubleColon = false
        var i = range.lowerBound
        if bytes[i] == UInt8(ascii: ":") {
            guard i + 1 < range.upperBound, bytes[i + 1] == UInt8(ascii: ":") else { return false }
            sawDoubleColon = true
            i += 2
            if i == range.upperBound { return true }
        }
        while i < range.upperBound {
            let start = i
            while i < range.upperBound, SIPCharacterClass.isHexDigit(bytes[i]) { i += 1 }
            if i < range.upperBound, bytes[i] == UInt8(ascii: ".") {
                // Trailing IPv4 part counts as two groups.
                guard isHostname(bytes, start..<range.upperBound),
                      bytes[start..<range.upperBound].allSatisfy({ SIPCharacterClass.isDigit($0) || $0 == UInt8(ascii: ".") })
                else { return false }
                groups += 2
                i = range.upperBound
                break
            }
            let length = i - start
            guard length >= 1, length <= 4 else { return false }
            groups += 1
            if i == range.upperBound { break }
            guard bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            if i < range.upperBound, bytes[i] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                i += 1
                // RFC 5118 §4.10: RFC 3261's ABNF allowed a third colon before an embedded IPv4 part; tolerate it.
                if i < range.upperBound, bytes[i] == UInt8(ascii: ":"),
                   bytes[(i + 1)..<range.upperBound].contains(UInt8(ascii: ".")),
                   !bytes[(i + 1)..<range.upperBound].contains(UInt8(ascii: ":")) {
                    i += 1
                }
                if i == range.upperBound { break }
            } else if i == range.upperBound {
                return false
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }
}
