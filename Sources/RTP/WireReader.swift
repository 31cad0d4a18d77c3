/// A bounds-checked big-endian reader over a byte array, used by every parser in this target.
///
/// Every read checks the remaining length first and throws `RTPError.malformed` naming the field and
/// offset, so no network input can trap.
struct WireReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    mutating func readUInt8(_ field: String) throws(RTPError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ field: String) throws(RTPError) -> UInt16 {
        try require(2, field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32(_ field: String) throws(RTPError) -> UInt32 {
        try require(4, field)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func readBytes(_ count: Int, _ field: String) throws(RTPError) -> [UInt8] {
        try require(count, field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func skip(_ count: Int, _ field: String) throws(RTPError) {
        try require(count, field)
        offset += count
    }

    private func require(_ count: Int, _ field: String) throws(RTPError) {
        guard count >= 0, remaining >= count else {
            throw .malformed("\(field): needs \(count) octets at offset \(offset), \(max(remaining, 0)) left")
        }
    }
}
