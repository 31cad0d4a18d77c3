/// `name-addr / addr-spec` followed by header parameters (RFC 3261 §20.10, §25.1): the value of From, To, Contact,
/// Route, Record-Route, Diversion, History-Info, P-Asserted-Identity, Refer-To and kin.
public struct NameAddress: Sendable, Equatable, CustomStringConvertible {
    /// The display name with quotes and quoted pairs removed, if one was given.
    public var displayName: String?
    /// The URI inside the angle brackets (or the bare addr-spec).
    public var uri: SIPURI
    /// Header parameters after the address (`;tag=…`, `;expires=…`, `;reason=…`).
    public var parameters: SIPParameters

    /// Creates a name-addr.
    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = SIPParameters()) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    /// Parses a single name-addr value, such as the value of a From header.
    public init(parsing text: some StringProtocol) throws(SIPMessageError) {
        self = try ByteScanner.scan(Substring(text), header: "name-addr") { (s) throws(SIPMessageError) in
            let value = try NameAddress.parse(&s, inList: false)
            try s.expectEnd()
            return value
        }
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    public var tag: String? {
        get { parameters["tag"] ?? nil }
        set {
            if let newValue { parameters.set("tag", newValue) } else { parameters.remove("tag") }
        }
    }

    /// Serialized in name-addr form, always with angle brackets so URI parameters cannot be mistaken for header parameters.
    public var serialized: String {
        var out = ""
        if let displayName, !displayName.isEmpty {
            out += SIPParameters.quote(displayName)
            out += " "
        }
        out += "<"
        out += uri.serialized
        out += ">"
        out += parameters.serialized
        return out
    }

    /// The serialized form.
    public var description: String { serialized }

    /// Parses `[display-name] <URI> *(;param)` or `addr-spec *(;param)`; in a list, a comma ends the element.
    static func parse(_ s: inout ByteScanner, inList: Bool) throws(SIPMessageError) -> NameAddress {
        s.skipLWS()
        var displayName: String?
        if s.peek == UInt8(ascii: "\"") {
            displayName = try s.quotedString()
            s.skipLWS()
            guard s.peek == UInt8(ascii: "<") else { throw s.error("expected '<' after display name") }
        } else {
            // Look ahead: text before '<' is an unquoted display name (tokens separated by LWS).
            var j = s.index
            while j < s.bytes.count {
                let b = s.bytes[j]
                if b == UInt8(ascii: "<") || b == UInt8(ascii: ";") || b == UInt8(ascii: "\"") { break }
                if inList, b == UInt8(ascii: ",") { break }
                j += 1
            }
            if j < s.bytes.count, s.bytes[j] == UInt8(ascii: "<") {
                var end = j
                while end > s.index, SIPCharacterClass.isLWS(s.bytes[end - 1]) { end -= 1 }
                if end > s.index {
                    for k in s.index..<end where !(SIPCharacterClass.token[Int(s.bytes[k])] || SIPCharacterClass.isLWS(s.bytes[k])
                                                    || s.bytes[k] >= 0x80) {
                        throw s.error("invalid character '\(ByteScanner.printable(s.bytes[k]))' in unquoted display name")
                    }
                    displayName = s.string(s.index..<end)
                }
                s.index = j
            }
        }

        let uri: SIPURI
        if s.peek == UInt8(ascii: "<") {
            let start = s.index + 1
            var close = start
            while close < s.bytes.count, s.bytes[close] != UInt8(ascii: ">") {
                guard !SIPCharacterClass.isLWS(s.bytes[close]) else { throw s.error("white space inside <URI>") }
                close += 1
            }
            guard close < s.bytes.count else { throw s.error("missing '>' after URI") }
            uri = try SIPURI.parse(s.bytes, start..<close, header: s.header)
            s.index = close + 1
        } else {
            // addr-spec: the URI may not contain ',' '?' or ';' here (RFC 3261 §20), so those end it.
            let start = s.index
            while s.index < s.bytes.count {
                let b = s.bytes[s.index]
                if b == UInt8(ascii: ";") || b == UInt8(ascii: ",") || SIPCharacterClass.isLWS(b) || b == UInt8(ascii: "?") { break }
                s.index += 1
            }
            guard s.index > start else { throw s.error("expected an address") }
            uri = try SIPURI.parse(s.bytes, start..<s.index, header: s.header)
        }
        let parameters = try s.parameters()
        return NameAddress(displayName: displayName, uri: uri, parameters: parameters)
    }
}
