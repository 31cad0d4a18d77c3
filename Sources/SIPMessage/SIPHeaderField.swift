/// One header line of a message: its name and the exact text it had on the wire.
///
/// A field parsed from the network keeps its original bytes (name spelling, spacing, folding), so a message that is
/// forwarded without touching the field sends it unchanged. A field created or replaced by Herald is written in
/// canonical form `Name: value`.
public struct SIPHeaderField: Sendable, Equatable {
    /// The header's name.
    public let name: SIPHeaderName
    /// The full text of the field as it is serialized, without the terminating CRLF.
    public let line: Substring
    /// The 1-based line of the received message where the field started; nil for fields Herald created.
    public let lineNumber: Int?
    private let valueStart: Substring.Index

    /// Creates a field in canonical form.
    public init(_ name: SIPHeaderName, _ value: String) {
        self.name = name
        let text = name.canonical + ": " + value
        self.line = Substring(text)
        self.valueStart = line.utf8.index(line.startIndex, offsetBy: name.canonical.utf8.count + 2)
        self.lineNumber = nil
    }

    /// A field parsed from the wire; `valueStart` is where the value begins after the colon and white space.
    init(name: SIPHeaderName, line: Substring, valueStart: Substring.Index, lineNumber: Int) {
        self.name = name
        self.line = line
        self.valueStart = valueStart
        self.lineNumber = lineNumber
    }

    /// The field value as written (folded lines keep their CRLF and indentation; trailing white space removed).
    public var value: Substring {
        var end = line.endIndex
        let utf8 = line.utf8
        while end > valueStart {
            let before = utf8.index(before: end)
            guard SIPCharacterClass.isLWS(utf8[before]) else { break }
            end = before
        }
        return line[valueStart..<end]
    }

    /// The value with each line fold replaced by a single space (RFC 3261 §7.3.1).
    public var unfoldedValue: String {
        let raw = value
        guard raw.utf8.contains(0x0A) else { return String(raw) }
        var out = ""
        var pendingSpace = false
        for ch in raw {
            if ch == "\r\n" || ch == "\n" || ch == "\r" {
                pendingSpace = true
            } else if pendingSpace && (ch == " " || ch == "\t") {
                continue
            } else {
                if pendingSpace {
                    out.append(" ")
                    pendingSpace = false
                }
                out.append(ch)
            }
        }
        return out
    }

    public static func == (a: SIPHeaderField, b: SIPHeaderField) -> Bool {
        a.name == b.name && a.value == b.value
    }
}
