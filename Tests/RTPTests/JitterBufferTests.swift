import Testing

@testable import RTP

@Suite("Jitter buffer")
struct JitterBufferTests {
    static let ssrc: UInt32 = 0x1234_5678

    static func packet(_ index: Int, timestampBase: UInt32 = 10_000, frame: Int = 160, ssrc: UInt32 = ssrc,
                       sequenceBase: UInt16 = 500) -> RTPPacket {
        RTPPacket(
            payloadType: 0, sequenceNumber: sequenceBase &+ UInt16(truncatingIfNeeded: index),
            timestamp: timestampBase &+ UInt32(truncatingIfNeeded: index * frame), ssrc: ssrc,
            payload: [UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)])
    }

    /// Drives a buffer like MediaEngine's 20 ms clock: arrivals are inserted when their time comes and
    /// `pull` runs every 20 ms until `end`; the flushed tail is appended.
    static func run(
        _ buffer: inout JitterBuffer, arrivals: [(RTPPacket, Duration)], until end: Duration,
        onTick: (Duration, JitterBuffer) -> Void = { _, _ in }
    ) -> [JitterBufferOutput] {
        let ordered = arrivals.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
        var output: [JitterBufferOutput] = []
        var next = 0
        var now = Duration.zero
        while now <= end {
            while next < ordered.count, ordered[next].1 <= now {
                buffer.insert(ordered[next].0, arrivalTime: ordered[next].1)
                next += 1
            }
            output += buffer.pull(now: now)
            onTick(now, buffer)
            now += .milliseconds(20)
        }
        return merged(output + buffer.flush())
    }

    /// Joins adjacent `.lost` (or `.silence`) outputs: a gap is filled as its time passes, so one gap may span pulls.
    static func merged(_ output: [JitterBufferOutput]) -> [JitterBufferOutput] {
        output.reduce(into: []) { result, item in
            if case .lost(let units) = item, case .lost(let previous) = result.last {
                result[result.count - 1] = .lost(timestampUnits: previous + units)
            } else if case .silence(let units) = item, case .silence(let previous) = result.last {
                result[result.count - 1] = .silence(timestampUnits: previous + units)
            } else {
                result.append(item)
            }
        }
    }

    static func payloads(_ output: [JitterBufferOutput]) -> [Int] {
        output.compactMap { if case .packet(let packet) = $0 { Int(packet.payload[0]) << 8 | Int(packet.payload[1]) } else { nil } }
    }

    static func lostUnits(_ output: [JitterBufferOutput]) -> [Int] {
        output.compactMap { if case .lost(let units) = $0 { units } else { nil } }
    }

    @Test("a key press in the stream (telephone events in its sequence numbers) is silence, not loss", arguments: [true, false])
    func telephoneEventGap(noted: Bool) {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        // Audio 0–9, then 8 telephone-event packets (sequence numbers 10–17, 160 ms of key press), then audio again:
        // the sender resumes with the sequence number after the events and the timestamp of the time that passed.
        var arrivals = (0..<10).map { (Self.packet($0), Duration.milliseconds(20 * $0 + 5)) }
        arrivals += (18..<40).map { (Self.packet($0), Duration.milliseconds(20 * $0 + 5)) }
        if noted { for index in 10..<18 { buffer.noteNonAudio(sequenceNumber: 500 &+ UInt16(index)) } }
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(2))
        #expect(Self.payloads(output) == Array(0..<10) + Array(18..<40))
        if noted {
            #expect(output.contains(.silence(timestampUnits: 8 * 160)))
            #expect(Self.lostUnits(output).isEmpty && buffer.statistics.concealedUnits == 0)
            #expect(buffer.statistics.nonAudioUnits == 8 * 160)
        } else {
            #expect(Self.lostUnits(output) == [8 * 160], "without the note, the same gap is loss")
        }
    }

    @Test("in-order stream: every packet once, in order, no gaps, played after the minimum delay")
    func inOrder() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        let arrivals = (0..<50).map { (Self.packet($0), Duration.milliseconds(20 * $0 + 5)) }
        var firstPlayout: Duration?
        var output: [JitterBufferOutput] = []
        for (packet, arrival) in arrivals { buffer.insert(packet, arrivalTime: arrival) }
        var now = Duration.zero
        while now <= .seconds(2) {
            let pulled = buffer.pull(now: now)
            if firstPlayout == nil, !pulled.isEmpty { firstPlayout = now }
            output += pulled
            now += .milliseconds(5)
        }
        // Packet 0 arrived at 5 ms; with the 40 ms minimum delay it is due at 45 ms.
        #expect(firstPlayout == .milliseconds(45))
        #expect(Self.payloads(output) == Array(0..<50))
        #expect(Self.lostUnits(output).isEmpty)
        #expect(buffer.statistics.currentDelay == .milliseconds(40))
    }

    @Test("reordered packets come out in order")
    func reorder() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        var arrivals = (0..<20).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        arrivals[5].1 = .milliseconds(20 * 6 + 10)  // 5 arrives after 6
        arrivals[11].1 = .milliseconds(20 * 12 + 10)  // 11 arrives after 12
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(1))
        #expect(Self.payloads(output) == Array(0..<20))
        #expect(Self.lostUnits(output).isEmpty)
        #expect(buffer.statistics.late == 0)
    }

    @Test("duplicates are dropped and counted, whether still held or already played")
    func duplicates() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        var arrivals = (0..<20).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        arrivals.append((Self.packet(3), .milliseconds(61)))  // while held
        arrivals.append((Self.packet(2), .milliseconds(300)))  // long after it was played
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(1))
        #expect(Self.payloads(output) == Array(0..<20))
        #expect(buffer.statistics.duplicates == 2)
        #expect(buffer.statistics.late == 0)
    }

    @Test("loss becomes a .lost gap of exactly the missing timestamp units")
    func loss() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        let arrivals = (0..<20).filter { ![3, 4, 10].contains($0) }.map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(1))
        #expect(Array(output.prefix(5)) == [
            .packet(Self.packet(0)), .packet(Self.packet(1)), .packet(Self.packet(2)),
            .lost(timestampUnits: 320), .packet(Self.packet(5)),
        ])
        #expect(Self.lostUnits(output) == [320, 160])
        #expect(buffer.statistics.concealedUnits == 480)
    }

    @Test("a packet arriving after its playout point is dropped as late; its slot was concealed")
    func late() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160, minimumDelay: .milliseconds(40),
                                  maximumDelay: .milliseconds(40))
        var arrivals = (0..<20).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        arrivals[7].1 = .milliseconds(20 * 7 + 300)
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(1))
        #expect(Self.payloads(output) == Array(0..<20).filter { $0 != 7 })
        #expect(Self.lostUnits(output) == [160])
        #expect(buffer.statistics.late == 1)
    }

    @Test("the target delay grows with jitter and shrinks back when the network calms down")
    func adaptiveDelay() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        // 0–3 s steady, 3–5 s with 0…150 ms of extra delay, 5–9 s steady again.
        let arrivals = (0..<450).map { index -> (RTPPacket, Duration) in
            let extra: Duration = (150..<250).contains(index) ? .milliseconds((index * 37) % 151) : .zero
            return (Self.packet(index), .milliseconds(20 * index) + extra)
        }
        var delays: [Duration: Duration] = [:]
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(10)) { now, buffer in
            delays[now] = buffer.statistics.currentDelay
        }
        #expect(delays[.seconds(2)] == .milliseconds(40))
        #expect((delays[.milliseconds(4500)] ?? .zero) >= .milliseconds(140))
        #expect((delays[.milliseconds(4500)] ?? .zero) <= .milliseconds(400))
        #expect(delays[.milliseconds(8500)] == .milliseconds(40))
        // Continuity: whatever the delay did, every packet came out once and in order.
        let played = Self.payloads(output)
        #expect(played == played.sorted(), "\(played)")
        #expect(Set(played).count == played.count)
        #expect(buffer.statistics.late + Self.payloads(output).count == 450)
        #expect(buffer.statistics.concealedUnits == 160 * buffer.statistics.late)
    }

    @Test("flush returns everything held, in order, with gaps")
    func flush() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        for index in [4, 0, 1, 3, 6] { buffer.insert(Self.packet(index), arrivalTime: .milliseconds(index)) }
        let output = buffer.flush()
        #expect(output == [
            .packet(Self.packet(0)), .packet(Self.packet(1)), .lost(timestampUnits: 160), .packet(Self.packet(3)),
            .packet(Self.packet(4)), .lost(timestampUnits: 160), .packet(Self.packet(6)),
        ])
        #expect(buffer.flush().isEmpty)
    }

    @Test("a timestamp jump that disagrees with arrival times restarts the timeline without a gap")
    func timestampJump() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        let before = (0..<30).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        let after = (30..<60).map { (Self.packet($0, timestampBase: 3_000_000_000), Duration.milliseconds(20 * $0)) }
        let output = Self.run(&buffer, arrivals: before + after, until: .seconds(2))
        #expect(Self.payloads(output) == Array(0..<60))
        #expect(Self.lostUnits(output).isEmpty)
        #expect(buffer.statistics.resynchronizations == 1)
    }

    @Test("an SSRC change drains the old stream and starts the new one")
    func ssrcChange() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        let before = (0..<30).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        let after = (30..<60).map {
            (Self.packet($0, timestampBase: 77, ssrc: 0xCAFE, sequenceBase: 9), Duration.milliseconds(20 * $0))
        }
        let output = Self.run(&buffer, arrivals: before + after, until: .seconds(2))
        #expect(Self.payloads(output) == Array(0..<60))
        #expect(Self.lostUnits(output).isEmpty)
        #expect(buffer.statistics.resynchronizations == 1)
    }

    @Test("silence between talk spurts (timestamps consistent with time) is reported as a gap of its exact size")
    func talkSpurt() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        var arrivals = (0..<10).map { (Self.packet($0), Duration.milliseconds(20 * $0)) }
        // One second of DTX: the next spurt starts at frame 60 (timestamps and arrivals both advance 1 s).
        for index in 60..<70 {
            var packet = Self.packet(index, sequenceBase: 500 &- 50)
            packet.marker = index == 60
            arrivals.append((packet, .milliseconds(20 * index)))
        }
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(2))
        #expect(Self.payloads(output) == Array(0..<10) + Array(60..<70))
        #expect(Self.lostUnits(output) == [50 * 160])
        #expect(buffer.statistics.resynchronizations == 0)
    }

    @Test("any frame size: 30 ms frames with a 20 ms guess, and timestamps wrapping at 2^32")
    func frameSizeAndWrap() {
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        let arrivals = (0..<40).map {
            (Self.packet($0, timestampBase: UInt32.max - 2000, frame: 240), Duration.milliseconds(30 * $0))
        }
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(2))
        #expect(Self.payloads(output) == Array(0..<40))
        #expect(Self.lostUnits(output).isEmpty)
    }
}

extension JitterBufferTests {
    /// A seeded network (loss, 0–80 ms jitter, duplicates) through the buffer: the output must be a gapless
    /// timeline — packets in order, each once, and `.lost` filling exactly what is missing.
    @Test("lossy jittery network: output is one continuous timeline", arguments: [0.0, 0.01, 0.05])
    func simulatedNetwork(loss: Double) {
        var random = SeededGenerator(seed: 3550)
        var buffer = JitterBuffer(clockRate: 8000, samplesPerPacket: 160)
        var arrivals: [(RTPPacket, Duration)] = []
        for index in 0..<3000 {
            let send = Duration.milliseconds(20 * index)
            for _ in 0..<(random.chance(0.02) ? 2 : 1) where !random.chance(loss) {
                arrivals.append((Self.packet(index), send + .microseconds(Int64.random(in: 0...80_000, using: &random))))
            }
        }
        let output = Self.run(&buffer, arrivals: arrivals, until: .seconds(61))
        let played = Self.payloads(output)
        #expect(played == played.sorted() && Set(played).count == played.count)
        let units = output.reduce(0) { total, item in
            switch item {
            case .packet: total + 160
            case .lost(let units), .silence(let units): total + units
            }
        }
        // From the first packet played to the end of the last one, nothing is missing or doubled.
        #expect(units == ((played.last ?? 0) - (played.first ?? 0) + 1) * 160)
        let statistics = buffer.statistics
        print("Jitter buffer, \(Int(loss * 100)) % loss, 0–80 ms jitter: \(played.count) played, \(statistics.late) late, "
              + "\(statistics.duplicates) duplicates, \(statistics.concealedUnits / 160) frames concealed")
        #expect(statistics.late <= 10)  // the delay adapts to the 80 ms spread within the first packets
    }
}
