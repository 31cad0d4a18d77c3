import Testing

@testable import RTP

@Suite("Reception statistics (RFC 3550 A.1, A.3, A.8)")
struct RTPReceptionStatisticsTests {
    /// Feeds sequence numbers with 20 ms / 160-unit spacing and a constant network delay plus `extraDelay(i)`.
    private func feed(
        _ statistics: inout RTPReceptionStatistics, sequences: some Sequence<Int>, startSequence: UInt16 = 0,
        extraDelay: (Int) -> Duration = { _ in .zero }
    ) -> [Bool] {
        sequences.map { index in
            statistics.record(
                sequenceNumber: startSequence &+ UInt16(truncatingIfNeeded: index),
                timestamp: UInt32(truncatingIfNeeded: 1000 + index * 160),
                arrivalTime: .milliseconds(20 * index + 35) + extraDelay(index))
        }
    }

    @Test("probation: the first packet is held back, the second validates the source (MIN_SEQUENTIAL = 2)")
    func probation() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        #expect(feed(&statistics, sequences: 0..<3) == [false, true, true])
        #expect(statistics.packetsReceived == 2)
    }

    @Test("a lossless constant-delay stream across the 16-bit wrap: no loss, zero jitter")
    func wrapWithoutLoss() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        let accepted = feed(&statistics, sequences: 0..<200, startSequence: 65_436)
        #expect(accepted.dropFirst().allSatisfy { $0 })
        let block = statistics.makeReportBlock(ssrc: 9, lastSR: 0, delaySinceLastSR: 0)
        #expect(block.extendedHighestSequence == 65_536 + 99)  // one cycle, then 0…99
        #expect(block.cumulativeLost == 0 && block.fractionLost == 0)
        #expect(block.jitter == 0 && statistics.jitterMilliseconds == 0)
    }

    @Test("A.3: loss fraction over each interval and cumulative loss")
    func lossFraction() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        let dropped: Set<Int> = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
        _ = feed(&statistics, sequences: (0..<100).filter { !dropped.contains($0) })
        // Base is seq 1 (validated at the end of probation): expected 99, received 89.
        let first = statistics.makeReportBlock(ssrc: 9, lastSR: 0, delaySinceLastSR: 0)
        #expect(first.cumulativeLost == 10)
        #expect(first.fractionLost == UInt8(10 * 256 / 99))
        _ = feed(&statistics, sequences: 100..<200)
        let second = statistics.makeReportBlock(ssrc: 9, lastSR: 0, delaySinceLastSR: 0)
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 10)
        #expect(statistics.cumulativeLost == 10)
    }

    @Test("duplicates make cumulative loss negative, and it survives the 24-bit wire field")
    func duplicates() throws {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        _ = feed(&statistics, sequences: Array(0..<50) + [40, 41, 42, 43, 44])
        let block = statistics.makeReportBlock(ssrc: 9, lastSR: 0, delaySinceLastSR: 0)
        #expect(block.cumulativeLost == -5)
        let wire = RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [block])).serialized
        #expect(try RTCPPacket.parseCompound(wire) == [.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [block]))])
    }

    @Test("A.8 jitter: alternating 0 / 10 ms extra delay converges to 10 ms (80 units at 8 kHz)")
    func knownJitter() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        _ = feed(&statistics, sequences: 0..<500) { $0 % 2 == 0 ? .zero : .milliseconds(10) }
        // Every D is 80 units; J ← J + (80 − J)/16 converges geometrically to 80.
        #expect(abs(statistics.jitterMilliseconds - 10) < 0.01)
        let block = statistics.makeReportBlock(ssrc: 1, lastSR: 0, delaySinceLastSR: 0)
        #expect(block.jitter == 79 || block.jitter == 80)
    }

    @Test("A.8 jitter: one 40 ms spike decays by 15/16 per packet")
    func jitterSpike() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        _ = feed(&statistics, sequences: 0..<10) { $0 == 5 ? .milliseconds(40) : .zero }
        // Packet 5: D = 320 → J = 20; packet 6: D = 320 → J = 20 + 300/16 = 38.75; then ×15/16 for 7, 8, 9.
        let expected = 38.75 * 15 / 16 * 15 / 16 * 15 / 16 / 8
        #expect(abs(statistics.jitterMilliseconds - expected) < 1e-9)
    }

    @Test("A.1: a wild jump is dropped once, then accepted as a restart when the next packet follows it")
    func badSequenceResync() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        _ = feed(&statistics, sequences: 0..<10)
        let jump = statistics.record(sequenceNumber: 30_000, timestamp: 99, arrivalTime: .milliseconds(300))
        let confirmed = statistics.record(sequenceNumber: 30_001, timestamp: 259, arrivalTime: .milliseconds(320))
        #expect(!jump)
        #expect(confirmed)
        #expect(statistics.packetsReceived == 1)
        #expect(statistics.extendedHighestSequence == 30_001)
        #expect(statistics.cumulativeLost == 0)
    }

    @Test("A.1: a late packet within MAX_MISORDER is counted but does not move the highest sequence")
    func misordered() {
        var statistics = RTPReceptionStatistics(clockRate: 8000)
        _ = feed(&statistics, sequences: [0, 1, 2, 4, 5, 3])
        #expect(statistics.extendedHighestSequence == 5)
        #expect(statistics.cumulativeLost == 0)
    }
}
