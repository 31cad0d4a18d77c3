/// RFC 3550 §6.6 BYE: the listed sources are leaving, optionally saying why.
///
/// ```
///        0                   1                   2                   3
///        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |V=2|P|    SC   |   PT=BYE=203  |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                           SSRC/CSRC                           |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       :                              ...                              :
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// (opt) |     length    |               reason for leaving            ...
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct RTCPGoodbye: Sendable, Hashable {
    /// RTCP packet type of BYE.
    public static let packetType: UInt8 = 203

    /// The departing sources (at most 31 are serialized).
    public var ssrcs: [UInt32]
    /// The reason text (at most 255 UTF-8 octets are serialized).
    public var reason: String?

    /// Creates a BYE.
    public init(ssrcs: [UInt32], reason: String? = nil) {
        self.ssrcs = ssrcs
        self.reason = reason
    }

    init(body reader: inout WireReader, count: Int) throws(RTPError) {
        var ssrcs: [UInt32] = []
        for index in 0..<count { ssrcs.append(try reader.readUInt32("BYE SSRC \(index + 1) of \(count)")) }
        self.ssrcs = ssrcs
        if reader.remaining > 0 {
            let length = Int(try reader.readUInt8("BYE reason length"))
            reason = String(decoding: try reader.readBytes(length, "BYE reason"), as: UTF8.self)
        } else {
            reason = nil
        }
    }

    func serializeBody(into buffer: inout [UInt8]) {
        for ssrc in ssrcs.prefix(RTCPPacket.maximumCount) { buffer.appendBigEndian(ssrc) }
        if let reason {
            let text = Array(reason.utf8.prefix(255))
            buffer.append(UInt8(text.count))
            buffer.append(contentsOf: text)
            buffer.padToWordBoundary()
        }
    }
}
