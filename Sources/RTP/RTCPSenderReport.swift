/// RFC 3550 §6.4.1 SR: sender report, PT 200.
///
/// ```
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=SR=200   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         SSRC of sender                        |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// sender |              NTP timestamp, most significant word             |
/// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |             NTP timestamp, least significant word             |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         RTP timestamp                         |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     sender's packet count                     |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                      sender's octet count                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 octets)                |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// ```
public struct RTCPSenderReport: Sendable, Hashable {
    /// RTCP packet type of an SR.
    public static let packetType: UInt8 = 200

    /// SSRC of the sender.
    public var ssrc: UInt32
    /// Wall-clock time when the report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant in the media clock (lets receivers synchronise streams and compute RTT).
    public var rtpTimestamp: UInt32
    /// RTP data packets sent since the start of transmission.
    public var packetCount: UInt32
    /// Payload octets sent since the start of transmission.
    public var octetCount: UInt32
    /// At most 31 blocks are serialized (RC is five bits).
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension octets after the blocks, kept raw (a multiple of four on the wire).
    public var profileExtensions: [UInt8]

    /// Creates a sender report.
    public init(
        ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32,
        reportBlocks: [RTCPReportBlock] = [], profileExtensions: [UInt8] = []
    ) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
        self.profileExtensions = profileExtensions
    }

    init(body reader: inout WireReader, count: Int) throws(RTPError) {
        ssrc = try reader.readUInt32("SR SSRC")
        let seconds = try reader.readUInt32("SR NTP timestamp MSW")
        ntpTimestamp = NTPTimestamp(seconds: seconds, fraction: try reader.readUInt32("SR NTP timestamp LSW"))
        rtpTimestamp = try reader.readUInt32("SR RTP timestamp")
        packetCount = try reader.readUInt32("SR packet count")
        octetCount = try reader.readUInt32("SR octet count")
        var blocks: [RTCPReportBlock] = []
        for _ in 0..<count { blocks.append(try RTCPReportBlock(reading: &reader)) }
        reportBlocks = blocks
        profileExtensions = try reader.readBytes(reader.remaining, "SR profile extensions")
    }

    func serializeBody(into buffer: inout [UInt8]) {
        buffer.appendBigEndian(ssrc)
        buffer.appendBigEndian(ntpTimestamp.seconds)
        buffer.appendBigEndian(ntpTimestamp.fraction)
        buffer.appendBigEndian(rtpTimestamp)
        buffer.appendBigEndian(packetCount)
        buffer.appendBigEndian(octetCount)
        for block in reportBlocks.prefix(RTCPPacket.maximumCount) { block.serialize(into: &buffer) }
        buffer.append(contentsOf: profileExtensions)
        buffer.padToWordBoundary()
    }
}
