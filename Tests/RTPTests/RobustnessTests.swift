import Testing

@testable import RTP

/// Network input must never trap (house style: no force unwraps or traps on data from the network).
/// A seeded random corpus stands in for the fuzzer until the project's `Fuzz/` harness covers RTP.
@Suite("Robustness against hostile input")
struct RobustnessTests {
    @Test("random datagrams never trap the parsers, and what parses re-parses equal")
    func randomDatagrams() {
        var random = SeededGenerator(seed: 3550)
        for _ in 0..<20_000 {
            var bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if !bytes.isEmpty, random.chance(0.7) { bytes[0] = 0x80 | bytes[0] & 0x3F }  // mostly version 2
            if let packet = try? RTPPacket(parsing: bytes) {
                #expect((try? RTPPacket(parsing: packet.serialized)) == packet)
            }
            if let packets = try? RTCPPacket.parseCompound(bytes) {
                #expect((try? RTCPPacket.parseCompound(RTCPPacket.serializeCompound(packets))) == packets)
            }
            _ = try? TelephoneEvent(parsing: bytes)
            _ = RTPDemultiplexer.isRTCP(bytes)
        }
    }

    @Test("every truncation of a golden vector either parses or throws")
    func truncations() {
        for vector in [RTPPacketTests.pionWithExtension, RTPPacketTests.twoCSRCs] {
            for length in 0..<vector.count { _ = try? RTPPacket(parsing: vector.prefix(length)) }
        }
        for vector in [RTCPPacketTests.pionCompound, RTCPPacketTests.senderReport] {
            for length in 0..<vector.count { _ = try? RTCPPacket.parseCompound(vector.prefix(length)) }
        }
    }

    @Test("the jitter buffer and DTMF receiver survive random packets and times")
    func randomStreams() {
        var random = SeededGenerator(seed: 4733)
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        var receiver = TelephoneEventReceiver()
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        var now = Duration.zero
        for _ in 0..<20_000 {
            now += .microseconds(Int64.random(in: 0...40_000, using: &random))
            let packet = RTPPacket(
                payloadType: 101, sequenceNumber: .random(in: 0...UInt16.max, using: &random),
                timestamp: random.chance(0.5) ? .random(in: 0...UInt32.max, using: &random) : UInt32(now.milliseconds * 8),
                ssrc: random.chance(0.01) ? .random(in: 0...3, using: &random) : 1,
                marker: random.chance(0.1),
                payload: (0..<Int.random(in: 0...6, using: &random)).map { _ in .random(in: 0...255, using: &random) })
            buffer.insert(packet, arrivalTime: now)
            _ = buffer.pull(now: now)
            _ = receiver.receive(packet, arrivalTime: now)
            _ = receiver.expire(now: now)
            _ = statistics.record(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, arrivalTime: now)
        }
        _ = buffer.flush()
        _ = statistics.makeReportBlock(ssrc: 1, lastSR: 0, delaySinceLastSR: 0)
        #expect(buffer.statistics.received == 20_000)
    }
}
