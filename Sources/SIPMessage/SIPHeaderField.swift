/// One header line of a message: its name and the exact text it had on the wire.
///
/// A field parsed from the network keeps its original bytes (name spelling, spacing, folding), so a message that is
/// forwarded without touching the field sends it unchanged. A field created or replaced by Herald is written in
/// canonical form `Name: value`. Parsed fields share the text of their message's header section and refer to it by
/// offsets, so parsing allocates no string per header.
public struct SIPHeaderField: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The header's name.
    public let name: SIPHeaderName
    /// The text the field lives in: the whole header section for parsed fields, the field alone for created ones.
    let storage: String
    let lineStart: Int32
    let lineEnd: Int32
    let valueStart: Int32
    let valueEnd: Int32
    private let line1: Int32

    /// Creates a field in canonical form.
    public init(_ name: SIPHeaderName, _ value: String) {
        self.name = name
        var text = name.canonical + ": " + value
        text.makeContiguousUTF8()
        storage = text
        let nameLength = Int32(name.canonical.utf8.count)
        lineStart = 0
        lineEnd = Int32(text.utf8.count)
        valueStart = nameLength + 2
        var end = text.utf8.count
        text.utf8.withContiguousStorageIfAvailable { bytes in
            while end > Int(nameLength) + 2, SIPCharacterClass.isLWS(bytes[end - 1]) { end -= 1 }
        }
        valueEnd = Int32(end)
        line1 = 0
    }

    /// A field parsed from the wire, as offsets into the header section's text.
    init(name: SIPHeaderName, storage: String, lineStart: Int, lineEnd: Int, valueStart: Int, valueEnd: Int, lineNumber: Int) {
        self.name = name
        self.storage = storage
        self.lineStart = Int32(lineStart)
        self.lineEnd = Int32(lineEnd)
        self.valueStart = Int32(valueStart)
        self.valueEnd = Int32(valueEnd)
        self.line1 = Int32(lineNumber)
    }

    /// The 1-based line of the received message where the field started; nil for fields Herald created.
    public var lineNumber: Int? { line1 > 0 ? Int(line1) : nil }

    /// The full text of the field as it is serialized, without the terminating CRLF.
    public var line: Substring { slice(lineStart, lineEnd) }

    /// The field value as written (folded lines keep their CRLF and indentation; trailing white space removed).
    public var value: Substring { slice(valueStart, valueEnd) }

    /// The value with each line fold replaced by a single space (RFC 3261 §7.3.1).
    public var unfoldedValue: String {
        let raw = value
        guard raw.utf8.contains(0x0A) else { return String(raw) }
        var bytes: [UInt8] = []
        var pendingSpace = false
        for b in raw.utf8 {
            if b == 0x0D || b == 0x0A {
                pendingSpace = true
            } else if pendingSpace && (b == 0x20 || b == 0x09) {
                continue
            } else {
                if pendingSpace {
                    bytes.append(0x20)
                    pendingSpace = false
                }
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `body` over the bytes of the value.
    func withValueBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let direct = storage.utf8.withContiguousStorageIfAvailable { all in
            body(UnsafeBufferPointer(rebasing: all[Int(valueStart)..<Int(valueEnd)]))
        }
        if let direct { return direct }
        return Array(value.utf8).withUnsafeBufferPointer(body)
    }

    /// Appends the line's bytes (without CRLF).
    func appendLine(to out: inout [UInt8]) {
        let done: Void? = storage.utf8.withContiguousStorageIfAvailable { all in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[Int(lineStart)..<Int(lineEnd)]))
        }
        if done == nil { out.append(contentsOf: line.utf8) }
    }

    var lineByteCount: Int { Int(lineEnd - lineStart) }

    private func slice(_ start: Int32, _ end: Int32) -> Substring {
        let utf8 = storage.utf8
        let a = utf8.index(utf8.startIndex, offsetBy: Int(start))
        let b = utf8.index(a, offsetBy: Int(end - start))
        return Substring(utf8[a..<b])
    }

    /// The line as written.
    public var description: String { String(line) }

    /// The line as written, for test failure messages (not the whole header section the field shares).
    public var debugDescription: String { String(line) }

    public static func == (a: SIPHeaderField, b: SIPHeaderField) -> Bool {
        guard a.name == b.name else { return false }
        return a.withValueBytes { va in b.withValueBytes { vb in va.elementsEqual(vb) } }
    }
}
