/// RFC 3550 §6.4.2 RR: receiver report, PT 201 — an SR without the sender info.
///
/// ```
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=RR=201   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     SSRC of packet sender                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 octets)                |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// ```
public struct RTCPReceiverReport: Sendable, Hashable {
    /// RTCP packet type of an RR.
    public static let packetType: UInt8 = 201

    /// SSRC of the reporting receiver.
    public var ssrc: UInt32
    /// At most 31 blocks are serialized (RC is five bits).
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension octets after the blocks, kept raw.
    public var profileExtensions: [UInt8]

    /// Creates a receiver report.
    public init(ssrc: UInt32, reportBlocks: [RTCPReportBlock] = [], profileExtensions: [UInt8] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
        self.profileExtensions = profileExtensions
    }

    init(body reader: inout WireReader, count: Int) throws(RTPError) {
        ssrc = try reader.readUInt32("RR SSRC")
        var blocks: [RTCPReportBlock] = []
        for _ in 0..<count { blocks.append(try RTCPReportBlock(reading: &reader)) }
        reportBlocks = blocks
        profileExtensions = try reader.readBytes(reader.remaining, "RR profile extensions")
    }

    func serializeBody(into buffer: inout [UInt8]) {
        buffer.appendBigEndian(ssrc)
        for block in reportBlocks.prefix(RTCPPacket.maximumCount) { block.serialize(into: &buffer) }
        buffer.append(contentsOf: profileExtensions)
        buffer.padToWordBoundary()
    }
}
