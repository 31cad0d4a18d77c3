/// RFC 3550 §6 RTCP packet, as found in a compound packet (§6.1).
///
/// Every RTCP packet starts with the same header; the length counts 32-bit words minus one, so that
/// packets stack back to back in one datagram:
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  count  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// SR, RR, SDES and BYE are decoded; APP (204), feedback (205/206, RFC 4585), XR (207) and anything else
/// are kept raw, header included, so that they re-encode byte-identically.
public enum RTCPPacket: Sendable, Hashable {
    /// PT 200.
    case senderReport(RTCPSenderReport)
    /// PT 201.
    case receiverReport(RTCPReceiverReport)
    /// PT 202: one chunk per source.
    case sourceDescription([RTCPSourceDescriptionChunk])
    /// PT 203.
    case goodbye(RTCPGoodbye)
    /// Any other packet type: the whole packet (header, body, padding) as received.
    case other(packetType: UInt8, bytes: [UInt8])

    /// RC/SC is five bits: at most 31 report blocks, chunks or sources per packet.
    static let maximumCount = 31

    /// Parses a compound RTCP packet (one datagram, already SRTCP-unprotected) into its packets.
    ///
    /// Each packet must have version 2 and a length that fits the datagram; padding (P bit) is honoured
    /// and removed. The RFC 3550 A.2 rule "first packet is SR or RR" is not enforced, because RFC 5506
    /// reduced-size RTCP (a lone feedback packet or BYE) is legitimate.
    public static func parseCompound(_ bytes: some Collection<UInt8>) throws(RTPError) -> [RTCPPacket] {
        let bytes = Array(bytes)
        guard !bytes.isEmpty else { throw .malformed("RTCP: empty datagram") }
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            var header = WireReader(bytes, from: offset)
            let first = try header.readUInt8("RTCP header at offset \(offset)")
            let packetType = try header.readUInt8("RTCP packet type at offset \(offset)")
            let words = Int(try header.readUInt16("RTCP length at offset \(offset)"))
            guard first >> 6 == 2 else {
                throw .malformed("RTCP: version \(first >> 6) at offset \(offset), expected 2")
            }
            let packetLength = (words + 1) * 4
            guard packetLength <= bytes.count - offset else {
                throw .malformed(
                    "RTCP: packet at offset \(offset) claims \(packetLength) octets, \(bytes.count - offset) left")
            }
            let packetEnd = offset + packetLength
            var bodyEnd = packetEnd
            if first & 0x20 != 0 {
                let paddingCount = Int(bytes[packetEnd - 1])
                guard paddingCount >= 1, paddingCount <= packetLength - 4 else {
                    throw .malformed("RTCP: padding count \(paddingCount) at offset \(packetEnd - 1) is invalid")
                }
                bodyEnd -= paddingCount
            }
            let count = Int(first & 0x1F)
            var body = WireReader(bytes, from: offset + 4, to: bodyEnd)
            switch packetType {
            case RTCPSenderReport.packetType:
                packets.append(.senderReport(try RTCPSenderReport(body: &body, count: count)))
            case RTCPReceiverReport.packetType:
                packets.append(.receiverReport(try RTCPReceiverReport(body: &body, count: count)))
            case RTCPSourceDescriptionChunk.packetType:
                var chunks: [RTCPSourceDescriptionChunk] = []
                for _ in 0..<count {
                    chunks.append(try RTCPSourceDescriptionChunk(reading: &body, chunkStart: body.offset))
                }
                packets.append(.sourceDescription(chunks))
            case RTCPGoodbye.packetType:
                packets.append(.goodbye(try RTCPGoodbye(body: &body, count: count)))
            default:
                packets.append(.other(packetType: packetType, bytes: Array(bytes[offset..<packetEnd])))
            }
            offset = packetEnd
        }
        return packets
    }

    /// Serializes packets back to back into one compound datagram (no padding; SRTCP adds its own trailer).
    public static func serializeCompound(_ packets: [RTCPPacket]) -> [UInt8] {
        var buffer: [UInt8] = []
        for packet in packets { packet.serialize(into: &buffer) }
        return buffer
    }

    /// Appends this packet's wire form to `buffer`.
    public func serialize(into buffer: inout [UInt8]) {
        let start = buffer.count
        let count: Int
        let packetType: UInt8
        buffer.append(contentsOf: [0, 0, 0, 0])  // header, filled in once the length is known
        switch self {
        case .senderReport(let report):
            count = min(report.reportBlocks.count, Self.maximumCount)
            packetType = RTCPSenderReport.packetType
            report.serializeBody(into: &buffer)
        case .receiverReport(let report):
            count = min(report.reportBlocks.count, Self.maximumCount)
            packetType = RTCPReceiverReport.packetType
            report.serializeBody(into: &buffer)
        case .sourceDescription(let chunks):
            count = min(chunks.count, Self.maximumCount)
            packetType = RTCPSourceDescriptionChunk.packetType
            for chunk in chunks.prefix(Self.maximumCount) { chunk.serialize(into: &buffer) }
        case .goodbye(let goodbye):
            count = min(goodbye.ssrcs.count, Self.maximumCount)
            packetType = RTCPGoodbye.packetType
            goodbye.serializeBody(into: &buffer)
        case .other(_, let bytes):
            buffer.removeLast(4)
            buffer.append(contentsOf: bytes)
            return
        }
        let words = UInt16(truncatingIfNeeded: (buffer.count - start) / 4 - 1)
        buffer[start] = 2 << 6 | UInt8(count)
        buffer[start + 1] = packetType
        buffer[start + 2] = UInt8(truncatingIfNeeded: words >> 8)
        buffer[start + 3] = UInt8(truncatingIfNeeded: words)
    }

    /// This packet's wire form.
    public var serialized: [UInt8] {
        var buffer: [UInt8] = []
        serialize(into: &buffer)
        return buffer
    }
}
