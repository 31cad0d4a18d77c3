/// RFC 3550 §6.5 SDES chunk: one source and its items (CNAME first, in practice the only one we send).
///
/// ```
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// chunk  |                          SSRC/CSRC_1                          |
///   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |    CNAME=1    |     length    | user and domain name        ...
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |  END=0 and null padding to the next 32-bit boundary           |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// ```
public struct RTCPSourceDescriptionChunk: Sendable, Hashable {
    /// RTCP packet type of SDES.
    public static let packetType: UInt8 = 202

    /// RFC 3550 §6.5 SDES item: a type (1 = CNAME … 8 = PRIV) and up to 255 octets of text.
    public struct Item: Sendable, Hashable {
        /// CNAME, the canonical end-point identifier (§6.5.1); mandatory in every compound packet.
        public static let cname: UInt8 = 1

        /// The item type (never 0, which is the END marker).
        public var type: UInt8
        /// The item value, UTF-8 text for all standard types; at most 255 octets are serialized.
        public var value: [UInt8]

        /// Creates an item.
        public init(type: UInt8, value: [UInt8]) {
            self.type = type
            self.value = value
        }
    }

    /// The SSRC or CSRC described.
    public var ssrc: UInt32
    /// The items, in wire order.
    public var items: [Item]

    /// Creates a chunk.
    public init(ssrc: UInt32, items: [Item]) {
        self.ssrc = ssrc
        self.items = items
    }

    /// Creates a chunk holding just a CNAME.
    public init(ssrc: UInt32, cname: String) {
        self.init(ssrc: ssrc, items: [Item(type: Item.cname, value: Array(cname.utf8))])
    }

    /// The first CNAME item as text, if any.
    public var cname: String? {
        items.first { $0.type == Item.cname }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    init(reading reader: inout WireReader, chunkStart: Int) throws(RTPError) {
        ssrc = try reader.readUInt32("SDES chunk SSRC")
        var items: [Item] = []
        while true {
            let type = try reader.readUInt8("SDES item type")
            if type == 0 { break }
            let length = Int(try reader.readUInt8("SDES item length"))
            items.append(Item(type: type, value: try reader.readBytes(length, "SDES item text")))
        }
        self.items = items
        // After END, null octets up to the next 32-bit boundary of the chunk.
        let consumed = reader.offset - chunkStart
        try reader.skip((4 - consumed % 4) % 4, "SDES chunk padding")
    }

    func serialize(into buffer: inout [UInt8]) {
        buffer.appendBigEndian(ssrc)
        for item in items where item.type != 0 {
            let value = item.value.prefix(255)
            buffer.append(item.type)
            buffer.append(UInt8(value.count))
            buffer.append(contentsOf: value)
        }
        // END (one null octet) is mandatory, then nulls to the word boundary: 1…4 nulls in all.
        buffer.append(0)
        buffer.padToWordBoundary()
    }
}
