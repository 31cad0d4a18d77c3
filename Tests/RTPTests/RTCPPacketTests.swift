import Testing

@testable import RTP

@Suite("RTCP packets (RFC 3550 §6)")
struct RTCPPacketTests {
    /// pion/rtcp packet_test.go `realPacket` ("An RTCP packet from a packet dump"): RR + SDES(CNAME) + BYE.
    static let pionCompound = hexBytes("""
        81 c9 00 07  90 2f 9e 2e  bc 5e 9a 40  00 00 00 00  00 00 46 e1  00 00 01 11  09 f3 64 32  00 02 4a 79
        81 ca 00 0c  90 2f 9e 2e  01 26 7b 39  63 30 30 65  62 39 32 2d  31 61 66 62  2d 39 64 34  39 2d 61 34
        37 64 2d 39  31 66 36 34  65 65 65 36  39 66 35 7d  00 00 00 00
        81 cb 00 01  90 2f 9e 2e
        """)

    /// Hand-made from the RFC 3550 §6.4.1 diagram: SR with one report block (cumulative lost −1).
    static let senderReport = hexBytes("""
        81 c8 00 0c  11 22 33 44  e8 00 00 00  80 00 00 00  00 00 a0 00  00 00 00 64  00 00 3e 80
        55 66 77 88  19 ff ff ff  00 01 00 10  00 00 00 50  12 34 56 78  00 01 80 00
        """)

    /// The pion/rtcp goodbye_test.go BYE, with the length field corrected to the 12 octets it has.
    static let goodbyeWithReason = hexBytes("81 cb 00 02  90 2f 9e 2e  03 46 4f 4f")

    /// An APP packet (PT 204): not decoded, kept raw.
    static let application = hexBytes("80 cc 00 03  11 22 33 44  48 52 4c 44  de ad be ef")

    @Test("pion compound packet decodes to RR, SDES and BYE")
    func pionCompoundFields() throws {
        let packets = try RTCPPacket.parseCompound(Self.pionCompound)
        let block = RTCPReportBlock(
            ssrc: 0xbc5e9a40, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0x46e1, jitter: 273,
            lastSR: 0x9f36432, delaySinceLastSR: 150_137)
        #expect(packets == [
            .receiverReport(RTCPReceiverReport(ssrc: 0x902f9e2e, reportBlocks: [block])),
            .sourceDescription([RTCPSourceDescriptionChunk(ssrc: 0x902f9e2e, cname: "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}")]),
            .goodbye(RTCPGoodbye(ssrcs: [0x902f9e2e])),
        ])
    }

    @Test("golden vectors re-encode byte-identically", arguments: [
        pionCompound, senderReport, goodbyeWithReason, application, senderReport + application + goodbyeWithReason,
    ])
    func roundTrip(vector: [UInt8]) throws {
        #expect(RTCPPacket.serializeCompound(try RTCPPacket.parseCompound(vector)) == vector)
    }

    @Test("sender report fields, including a negative 24-bit cumulative loss")
    func senderReportFields() throws {
        let packets = try RTCPPacket.parseCompound(Self.senderReport)
        guard case .senderReport(let report) = packets.first else {
            Issue.record("expected an SR, got \(packets)")
            return
        }
        #expect(report.ssrc == 0x11223344)
        #expect(report.ntpTimestamp == NTPTimestamp(seconds: 0xe800_0000, fraction: 0x8000_0000))
        #expect(report.rtpTimestamp == 0xa000 && report.packetCount == 100 && report.octetCount == 16000)
        #expect(report.reportBlocks.count == 1)
        #expect(report.reportBlocks[0].fractionLost == 0x19)
        #expect(report.reportBlocks[0].cumulativeLost == -1)
        #expect(report.reportBlocks[0].extendedHighestSequence == 0x0001_0010)
        #expect(report.reportBlocks[0].delaySinceLastSR == 0x0001_8000)  // 1.5 s in 1/65536 s
    }

    @Test("BYE reason and APP kept raw")
    func goodbyeAndApplication() throws {
        #expect(try RTCPPacket.parseCompound(Self.goodbyeWithReason) == [.goodbye(RTCPGoodbye(ssrcs: [0x902f9e2e], reason: "FOO"))])
        #expect(try RTCPPacket.parseCompound(Self.application) == [.other(packetType: 204, bytes: Self.application)])
    }

    @Test("built packets parse back equal")
    func buildAndParse() throws {
        let packets: [RTCPPacket] = [
            .senderReport(RTCPSenderReport(
                ssrc: 1, ntpTimestamp: NTPTimestamp(rawValue: 0xE8F0_1234_5678_9ABC), rtpTimestamp: 8000,
                packetCount: 50, octetCount: 8000,
                reportBlocks: [RTCPReportBlock(ssrc: 2, fractionLost: 3, cumulativeLost: -0x80_0000,
                    extendedHighestSequence: 70000, jitter: 12, lastSR: 0x12345678, delaySinceLastSR: 9)])),
            .sourceDescription([RTCPSourceDescriptionChunk(ssrc: 1, cname: "herald@um.example"),
                                RTCPSourceDescriptionChunk(ssrc: 3, cname: "abc")]),
            .goodbye(RTCPGoodbye(ssrcs: [1, 3], reason: "call ended")),
        ]
        let wire = RTCPPacket.serializeCompound(packets)
        #expect(wire.count % 4 == 0)
        #expect(try RTCPPacket.parseCompound(wire) == packets)
    }

    @Test("cumulative loss beyond 24 bits is clamped on the wire")
    func clampedLoss() throws {
        let report = RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [
            RTCPReportBlock(ssrc: 2, fractionLost: 0, cumulativeLost: 10_000_000, extendedHighestSequence: 0,
                            jitter: 0, lastSR: 0, delaySinceLastSR: 0),
        ]))
        guard case .receiverReport(let parsed) = try RTCPPacket.parseCompound(report.serialized).first else {
            Issue.record("expected an RR")
            return
        }
        #expect(parsed.reportBlocks[0].cumulativeLost == 0x7F_FFFF)
    }

    @Test("padding on the last packet is honoured")
    func padding() throws {
        // BYE with P bit: one SSRC, then 4 padding octets ending in 4.
        let packets = try RTCPPacket.parseCompound(hexBytes("a1 cb 00 02  90 2f 9e 2e  00 00 00 04"))
        #expect(packets == [.goodbye(RTCPGoodbye(ssrcs: [0x902f9e2e]))])
    }

    @Test("malformed compound packets are rejected", arguments: [
        ("empty", ""),
        ("short header", "81 c9 00"),
        ("version 1", "41 c9 00 01 90 2f 9e 2e"),
        ("length beyond the datagram", "81 c9 00 07 90 2f 9e 2e"),
        ("report count beyond the body", "82 c9 00 07 90 2f 9e 2e" + String(repeating: " 00", count: 24)),
        ("SDES item beyond the chunk", "81 ca 00 02 90 2f 9e 2e 01 09 41 42"),
        ("BYE count beyond the body", "82 cb 00 01 90 2f 9e 2e"),
        ("padding count too large", "a1 cb 00 01 90 2f 9e 09"),
        ("trailing garbage after a packet", "81 cb 00 01 90 2f 9e 2e 81"),
    ])
    func malformed(name: String, hex: String) {
        #expect(throws: RTPError.self, "\(name)") { try RTCPPacket.parseCompound(hexBytes(hex)) }
    }

    @Test("NTP timestamp conversions")
    func ntp() {
        let timestamp = NTPTimestamp(sinceUnixEpoch: .seconds(1_700_000_000) + .milliseconds(500))
        #expect(timestamp.seconds == UInt32(1_700_000_000 + 2_208_988_800))
        #expect(timestamp.fraction == 0x8000_0000)
        #expect(timestamp.middle32Bits == (timestamp.seconds & 0xFFFF) << 16 | 0x8000)
        #expect(NTPTimestamp(rawValue: timestamp.rawValue) == timestamp)
        #expect(NTPTimestamp.compactUnits(of: .milliseconds(1500)) == 0x0001_8000)
        #expect(NTPTimestamp.duration(fromCompactUnits: 0x0001_8000) == .milliseconds(1500))
    }
}
