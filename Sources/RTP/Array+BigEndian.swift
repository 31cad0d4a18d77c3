/// Network-byte-order writers used by every serializer in this target.
extension Array where Element == UInt8 {
    /// Appends `value` in network byte order.
    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends `value` in network byte order.
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends zero octets until the count is a multiple of four (RTP/RTCP 32-bit alignment).
    mutating func padToWordBoundary() {
        while count % 4 != 0 { append(0) }
    }
}
