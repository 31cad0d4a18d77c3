import Codecs
import Logging
@testable import MediaEngine
import NIOCore
import NIOEmbedded
import RTP
import SDP
import Testing

/// The pacing clock on virtual time: an hour of packets runs in seconds and must not drift.
@Suite("Pacing on virtual time: an hour without drift, hold, ptime changes")
struct VirtualTimePacingTests {
    /// A stream that only notes when it was told to send.
    final class TickRecorder: PacedStream {
        var isPaced = true
        var periodMilliseconds = 20
        var ideals: [NIODeadline] = []
        var lateness: [TimeAmount] = []
        let loop: EmbeddedEventLoop

        init(loop: EmbeddedEventLoop) { self.loop = loop }

        func sendTick(ideal: NIODeadline) -> Bool {
            ideals.append(ideal)
            lateness.append(loop.now - ideal)
            return true
        }

        func serviceTick(now: NIODeadline) {}
    }

    /// A deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("an hour of wake-ups at irregular, late times gives one tick per packet time, none skipped, none early")
    func hourOfTicks() throws {
        let loop = EmbeddedEventLoop()
        let wheel = PacingWheel(loop: loop, pacing: PacingHistogram())
        let stream = TickRecorder(loop: loop)
        wheel.add(stream)
        let start = loop.now
        var random = SplitMix(state: 4733)
        // Wake-ups come 0.1 to 39.9 ms apart, and every few seconds the loop stalls for up to 300 ms, as a
        // loaded machine would: the wheel must catch up rather than drift or skip.
        while loop.now - start < .seconds(3600) {
            let stall = Int.random(in: 0..<400, using: &random) == 0
            let step: TimeAmount = stall ? .milliseconds(Int64.random(in: 50...300, using: &random))
                : .microseconds(Int64.random(in: 100...39900, using: &random))
            loop.advanceTime(by: step)
        }
        let elapsed = loop.now - start
        let expected = elapsed.nanoseconds / 20_000_000
        #expect(abs(Int64(stream.ideals.count) - expected) <= 1, "\(stream.ideals.count) ticks in \(elapsed)")
        let gaps = Set(zip(stream.ideals, stream.ideals.dropFirst()).map { $1 - $0 })
        #expect(gaps == [.milliseconds(20)], "gaps between ideal times: \(gaps)")
        #expect(stream.lateness.allSatisfy { $0 >= .zero }, "a tick ran before it was due")
        let last = try #require(stream.ideals.last)
        #expect(loop.now - last < .milliseconds(20))
    }

    @Test("a stream whose packet time changes is woken at the new period from its next tick")
    func periodChange() {
        let loop = EmbeddedEventLoop()
        let wheel = PacingWheel(loop: loop, pacing: PacingHistogram())
        let stream = TickRecorder(loop: loop)
        wheel.add(stream)
        loop.advanceTime(by: .milliseconds(200))
        stream.periodMilliseconds = 30
        let changedAt = stream.ideals.count
        loop.advanceTime(by: .milliseconds(600))
        let gaps = zip(stream.ideals.dropFirst(changedAt), stream.ideals.dropFirst(changedAt + 1)).map { $1 - $0 }
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0 == .milliseconds(30) })
        stream.isPaced = false
        loop.advanceTime(by: .milliseconds(100))
        #expect(wheel.count == 0)
    }

    @Test("an hour of a session's packets: one per 20 ms, sequence and timestamp continuous, within a packet of real time")
    func hourOfPackets() throws {
        let harness = try CoreHarness()
        let start = harness.loop.now
        var random = SplitMix(state: 3550)
        var first: (sequence: UInt16, timestamp: UInt32)?
        var previous: (sequence: UInt16, timestamp: UInt32)?
        var count = 0
        var discontinuities = 0
        while harness.loop.now - start < .seconds(3600) {
            harness.loop.advanceTime(by: .microseconds(Int64.random(in: 1000...60000, using: &random)))
            // Read from the header directly: an hour is 180,000 packets.
            while let envelope = try harness.channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
                let data = envelope.data
                guard let second = data.getInteger(at: data.readerIndex + 1, as: UInt8.self), !(192...223).contains(second),
                      let sequence = data.getInteger(at: data.readerIndex + 2, as: UInt16.self),
                      let timestamp = data.getInteger(at: data.readerIndex + 4, as: UInt32.self)
                else { continue }
                if let previous, sequence != previous.sequence &+ 1 || timestamp != previous.timestamp &+ 160 {
                    discontinuities += 1
                }
                first = first ?? (sequence, timestamp)
                previous = (sequence, timestamp)
                count += 1
            }
        }
        let elapsed = harness.loop.now - start
        #expect(discontinuities == 0)
        #expect(abs(Int64(count) - elapsed.nanoseconds / 20_000_000) <= 1, "\(count) packets in \(elapsed)")
        let span = try #require(previous).timestamp &- (try #require(first)).timestamp
        #expect(Int64(span) == Int64(count - 1) * 160)
        #expect(abs(Int64(span) - elapsed.nanoseconds * 8000 / 1_000_000_000) <= 160, "the RTP clock ran \(span) units in \(elapsed)")
    }

    @Test("on hold nothing is sent but the RTP clock runs on; the first packet after resume has the marker bit")
    func holdKeepsTheClock() throws {
        let harness = try CoreHarness()
        harness.loop.advanceTime(by: .milliseconds(400))
        let before = try #require(try harness.sentPackets().last)
        harness.core.setup?.sends = false
        harness.loop.advanceTime(by: .milliseconds(2000))
        #expect(try harness.sentPackets().isEmpty)
        harness.core.setup?.sends = true
        harness.loop.advanceTime(by: .milliseconds(100))
        let resumed = try harness.sentPackets()
        let firstAfter = try #require(resumed.first)
        #expect(firstAfter.marker)
        #expect(firstAfter.sequenceNumber == before.sequenceNumber &+ 1)
        // 2,000 ms of hold is 100 packet times: the timestamp moved on with them.
        let units = firstAfter.timestamp &- before.timestamp
        #expect(units >= 100 * 160 && units <= 102 * 160, "timestamp advanced \(units) units over the hold")
        #expect(resumed.dropFirst().allSatisfy { !$0.marker })
    }

    @Test("a re-INVITE that changes ptime to 30 ms: packets every 30 ms carrying 240 units each")
    func ptimeChange() throws {
        let harness = try CoreHarness()
        harness.loop.advanceTime(by: .milliseconds(200))
        _ = try harness.sentPackets()
        try harness.core.configure(CoreHarness.setup(ptime: 30))
        #expect(harness.core.periodMilliseconds == 30)
        harness.loop.advanceTime(by: .milliseconds(60))
        _ = try harness.sentPackets()
        harness.loop.advanceTime(by: .milliseconds(3000))
        let packets = try harness.sentPackets()
        #expect(abs(packets.count - 100) <= 1, "\(packets.count) packets in 3 s at 30 ms")
        #expect(zip(packets, packets.dropFirst()).allSatisfy { $1.timestamp &- $0.timestamp == 240 })
        #expect(packets.allSatisfy { $0.payload.count == 240 })
    }
}
