/// RFC 3550 §5.1 RTP data packet: the fixed header, CSRCs, an optional header extension and the payload.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Parsing removes padding (P bit), so a padded packet re-encodes without it; every unpadded packet
/// decodes and re-encodes byte-identically (see the golden vectors in `RTPPacketTests`).
public struct RTPPacket: Sendable, Hashable {
    /// The RTP version this implementation speaks (RFC 3550 §5.1: "V ... is two").
    public static let version: UInt8 = 2
    /// Octets in the fixed header, before CSRCs and extension.
    public static let fixedHeaderLength = 12

    /// M: profile-defined; for audio, the first packet of a talk spurt (RFC 3551 §4.1) or of a DTMF event.
    public var marker: Bool
    /// PT, 7 bits; values above 127 are truncated on serialization.
    public var payloadType: UInt8
    /// Increments by one per packet sent; wraps at 65535.
    public var sequenceNumber: UInt16
    /// Sampling instant of the first payload octet, in the payload format's clock rate.
    public var timestamp: UInt32
    /// Synchronization source identifier.
    public var ssrc: UInt32
    /// Contributing sources (at most 15 are serialized: CC is four bits).
    public var csrcs: [UInt32]
    /// The header extension when the X bit is set.
    public var headerExtension: RTPHeaderExtension?
    /// The payload, with any padding removed.
    public var payload: [UInt8]

    /// Creates a packet with no CSRCs and no header extension.
    public init(
        payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool = false,
        payload: [UInt8]
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = []
        self.headerExtension = nil
        self.payload = payload
    }

    /// Parses one RTP packet from a datagram.
    ///
    /// Rejects: fewer than 12 octets, version ≠ 2, CSRC list or header extension running past the end,
    /// and a padding count of zero or larger than what follows the header (RFC 3550 §5.1, A.1).
    public init(parsing bytes: some Collection<UInt8>) throws(RTPError) {
        let bytes = Array(bytes)
        var reader = WireReader(bytes)
        guard bytes.count >= Self.fixedHeaderLength else {
            throw .malformed("RTP: \(bytes.count) octets is shorter than the 12-octet fixed header")
        }
        let first = try reader.readUInt8("RTP V/P/X/CC")
        guard first >> 6 == Self.version else {
            throw .malformed("RTP: version \(first >> 6) at offset 0, expected 2")
        }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = Int(first & 0x0F)
        let second = try reader.readUInt8("RTP M/PT")
        marker = second & 0x80 != 0
        payloadType = second & 0x7F
        sequenceNumber = try reader.readUInt16("RTP sequence number")
        timestamp = try reader.readUInt32("RTP timestamp")
        ssrc = try reader.readUInt32("RTP SSRC")
        var csrcs: [UInt32] = []
        csrcs.reserveCapacity(csrcCount)
        for index in 0..<csrcCount {
            csrcs.append(try reader.readUInt32("RTP CSRC \(index + 1) of \(csrcCount)"))
        }
        self.csrcs = csrcs
        if hasExtension {
            let profile = try reader.readUInt16("RTP header extension profile")
            let words = Int(try reader.readUInt16("RTP header extension length"))
            headerExtension = RTPHeaderExtension(
                profile: profile, data: try reader.readBytes(words * 4, "RTP header extension data"))
        } else {
            headerExtension = nil
        }
        var payloadEnd = bytes.count
        if hasPadding {
            // The last octet counts the padding octets, itself included (RFC 3550 §5.1), so it is at least 1.
            let paddingCount = Int(bytes[bytes.count - 1])
            guard paddingCount >= 1, paddingCount <= reader.remaining else {
                throw .malformed(
                    "RTP: padding count \(paddingCount) at offset \(bytes.count - 1) exceeds the \(reader.remaining) octets after the header"
                )
            }
            payloadEnd -= paddingCount
        }
        payload = Array(bytes[reader.offset..<payloadEnd])
    }

    /// Appends the wire form (no padding) to `buffer`.
    public func serialize(into buffer: inout [UInt8]) {
        let csrcCount = min(csrcs.count, 15)
        var first = Self.version << 6 | UInt8(csrcCount)
        if headerExtension != nil { first |= 0x10 }
        buffer.append(first)
        buffer.append((marker ? 0x80 : 0) | (payloadType & 0x7F))
        buffer.appendBigEndian(sequenceNumber)
        buffer.appendBigEndian(timestamp)
        buffer.appendBigEndian(ssrc)
        for csrc in csrcs.prefix(csrcCount) { buffer.appendBigEndian(csrc) }
        if let headerExtension {
            let words = min((headerExtension.data.count + 3) / 4, Int(UInt16.max))
            buffer.appendBigEndian(headerExtension.profile)
            buffer.appendBigEndian(UInt16(words))
            buffer.append(contentsOf: headerExtension.data.prefix(words * 4))
            buffer.append(contentsOf: repeatElement(0, count: words * 4 - min(headerExtension.data.count, words * 4)))
        }
        buffer.append(contentsOf: payload)
    }

    /// The wire form (no padding).
    public var serialized: [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.fixedHeaderLength + csrcs.count * 4 + payload.count)
        serialize(into: &buffer)
        return buffer
    }
}
