/// RFC 3550 §6.4.1 reception report block: what one receiver saw of one source.
///
/// ```
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// ```
public struct RTCPReportBlock: Sendable, Hashable {
    /// Octets in one block on the wire.
    public static let length = 24
    /// The cumulative-lost field is a 24-bit signed integer (negative when duplicates outnumber losses).
    public static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, as a fixed-point number with the binary point at the left.
    public var fractionLost: UInt8
    /// Packets lost since reception began (24-bit signed; clamped to `cumulativeLostRange` on the wire).
    public var cumulativeLost: Int32
    /// Cycles of the sequence number (high 16 bits) and the highest sequence number received (low 16).
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter estimate in timestamp units (RFC 3550 A.8).
    public var jitter: UInt32
    /// Middle 32 bits of the last SR's NTP timestamp from this source, 0 if none yet.
    public var lastSR: UInt32
    /// Delay since that SR in 1/65536 s, 0 if none yet.
    public var delaySinceLastSR: UInt32

    /// Creates a block.
    public init(
        ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32, jitter: UInt32,
        lastSR: UInt32, delaySinceLastSR: UInt32
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSR = lastSR
        self.delaySinceLastSR = delaySinceLastSR
    }

    init(reading reader: inout WireReader) throws(RTPError) {
        ssrc = try reader.readUInt32("report block SSRC")
        let lossWord = try reader.readUInt32("report block fraction/cumulative lost")
        fractionLost = UInt8(truncatingIfNeeded: lossWord >> 24)
        // Sign-extend the 24-bit field: shift it to the top and arithmetic-shift back.
        cumulativeLost = Int32(bitPattern: lossWord << 8) >> 8
        extendedHighestSequence = try reader.readUInt32("report block extended highest sequence")
        jitter = try reader.readUInt32("report block jitter")
        lastSR = try reader.readUInt32("report block LSR")
        delaySinceLastSR = try reader.readUInt32("report block DLSR")
    }

    func serialize(into buffer: inout [UInt8]) {
        buffer.appendBigEndian(ssrc)
        let lost = min(max(cumulativeLost, Self.cumulativeLostRange.lowerBound), Self.cumulativeLostRange.upperBound)
        buffer.appendBigEndian(UInt32(fractionLost) << 24 | UInt32(bitPattern: lost) & 0xFF_FFFF)
        buffer.appendBigEndian(extendedHighestSequence)
        buffer.appendBigEndian(jitter)
        buffer.appendBigEndian(lastSR)
        buffer.appendBigEndian(delaySinceLastSR)
    }
}
