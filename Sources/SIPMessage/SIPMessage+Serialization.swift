extension SIPMessage {
    /// The start line as text, without CRLF.
    public var startLineText: String {
        switch startLine {
        case .request(let method, let uri, let version):
            method.rawValue + " " + uri.serialized + " " + version
        case .response(let version, let code, let phrase):
            version + " " + String(code) + " " + phrase
        }
    }

    /// The message as it goes on the wire. Fields that came from the network keep their original bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        var size = 64 + body.count
        for field in headers { size += field.lineByteCount + 2 }
        out.reserveCapacity(size)
        out.append(contentsOf: startLineText.utf8)
        out.append(0x0D)
        out.append(0x0A)
        for field in headers {
            field.appendLine(to: &out)
            out.append(0x0D)
            out.append(0x0A)
        }
        out.append(0x0D)
        out.append(0x0A)
        out.append(contentsOf: body)
        return out
    }

    /// A normalized rendering for people reading traces: canonical header names, folded lines joined,
    /// one space after each colon, CRLF line ends. The body follows unchanged.
    public var canonicalText: String {
        var out = startLineText + "\r\n"
        for field in headers {
            out += field.name.canonical
            out += ": "
            out += field.unfoldedValue
            out += "\r\n"
        }
        out += "\r\n"
        out += String(decoding: body, as: UTF8.self)
        return out
    }
}
