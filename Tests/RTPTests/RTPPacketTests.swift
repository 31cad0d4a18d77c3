import Testing

@testable import RTP

@Suite("RTP packet (RFC 3550 §5.1)")
struct RTPPacketTests {
    /// pion/rtp packet_test.go `TestBasic`: marker, PT 96, one-word header extension with profile 1.
    static let pionWithExtension = hexBytes("90 e0 69 8f d9 c2 93 da 1c 64 27 82 00 01 00 01 ff ff ff ff 98 36 be 88 9e")
    /// pion/rtp (earlier revision of the same test): no extension, no marker.
    static let pionPlain = hexBytes("80 60 69 8f d9 c2 93 da 1c 64 27 82 98 36 be 88 9e")
    /// libsrtp test/srtp_driver.c `srtp_validate`: the reference plaintext (PT 15, SSRC 0xcafebabe).
    static let libsrtpPlaintext = hexBytes("80 0f 12 34 de ca fb ad ca fe ba be" + String(repeating: " ab", count: 16))
    /// Hand-made from the RFC 3550 §5.1 diagram: CC=2 (CSRCs 1 and 2), PCMU, marker.
    static let twoCSRCs = hexBytes("82 80 00 01 00 00 00 a0 11 22 33 44 00 00 00 01 00 00 00 02 ff fe")

    @Test("pion vector with header extension decodes to its fields")
    func pionExtension() throws {
        let packet = try RTPPacket(parsing: Self.pionWithExtension)
        #expect(packet.marker)
        #expect(packet.payloadType == 96)
        #expect(packet.sequenceNumber == 27023)
        #expect(packet.timestamp == 3_653_407_706)
        #expect(packet.ssrc == 476_325_762)
        #expect(packet.csrcs.isEmpty)
        #expect(packet.headerExtension == RTPHeaderExtension(profile: 1, data: [0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(packet.payload == [0x98, 0x36, 0xbe, 0x88, 0x9e])
    }

    @Test("golden vectors re-encode byte-identically", arguments: [
        pionWithExtension, pionPlain, libsrtpPlaintext, twoCSRCs,
    ])
    func roundTrip(vector: [UInt8]) throws {
        #expect(try RTPPacket(parsing: vector).serialized == vector)
    }

    @Test("CSRC list is read in order")
    func csrcs() throws {
        let packet = try RTPPacket(parsing: Self.twoCSRCs)
        #expect(packet.csrcs == [1, 2])
        #expect(packet.payloadType == 0 && packet.marker && packet.timestamp == 160)
        #expect(packet.payload == [0xFF, 0xFE])
    }

    @Test("padding is honoured and removed")
    func padding() throws {
        // P bit, payload 2 octets, then 2 padding octets whose last says 2.
        let packet = try RTPPacket(parsing: hexBytes("a0 00 00 01 00 00 00 a0 11 22 33 44 de ad 00 02"))
        #expect(packet.payload == [0xDE, 0xAD])
        #expect(packet.serialized == hexBytes("80 00 00 01 00 00 00 a0 11 22 33 44 de ad"))
    }

    @Test("malformed packets are rejected", arguments: [
        ("empty", ""),
        ("shorter than the fixed header", "80 00 00 01 00 00 00 a0 11 22 33"),
        ("version 1", "40 00 00 01 00 00 00 a0 11 22 33 44 00"),
        ("version 0 (STUN-like)", "00 01 00 00 21 12 a4 42 00 00 00 00"),
        ("CSRC count beyond the end", "8f 00 00 01 00 00 00 a0 11 22 33 44 00 00 00 01"),
        ("padding count larger than the payload", "a0 00 00 01 00 00 00 a0 11 22 33 44 de ad 00 09"),
        ("padding count zero", "a0 00 00 01 00 00 00 a0 11 22 33 44 de ad 00 00"),
        ("header extension longer than the packet", "90 00 00 01 00 00 00 a0 11 22 33 44 be de 00 04 00 00 00 00"),
        ("header extension header cut off", "90 00 00 01 00 00 00 a0 11 22 33 44 be"),
    ])
    func malformed(name: String, hex: String) {
        #expect(throws: RTPError.self, "\(name)") { try RTPPacket(parsing: hexBytes(hex)) }
    }

    @Test("a built packet parses back equal")
    func buildAndParse() throws {
        var packet = RTPPacket(payloadType: 8, sequenceNumber: 65535, timestamp: .max, ssrc: 0xDEADBEEF, payload: [1, 2, 3])
        packet.csrcs = [7]
        packet.headerExtension = RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0xAA, 0, 0])
        #expect(try RTPPacket(parsing: packet.serialized) == packet)
    }

    @Test("RFC 5761 demultiplexing looks at the second octet")
    func demultiplexing() {
        #expect(RTPDemultiplexer.isRTCP(hexBytes("81 c8 00 06")))  // SR
        #expect(RTPDemultiplexer.isRTCP(hexBytes("80 c9 00 01")))  // RR
        #expect(RTPDemultiplexer.isRTCP(hexBytes("80 df")))  // 223: top of the RTCP range
        #expect(!RTPDemultiplexer.isRTCP(Self.pionWithExtension))  // marker + PT 96 = 0xe0 = 224
        #expect(!RTPDemultiplexer.isRTCP(hexBytes("80 80 00 01")))  // marker + PCMU = 128
        #expect(!RTPDemultiplexer.isRTCP(hexBytes("80 00")))  // PCMU
        #expect(!RTPDemultiplexer.isRTCP(hexBytes("80")))
        #expect(!RTPDemultiplexer.isRTCP(hexBytes("00 c8")))  // not version 2
    }
}
