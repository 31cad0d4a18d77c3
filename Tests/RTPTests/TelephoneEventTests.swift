import Testing

@testable import RTP

@Suite("RFC 4733 telephone events")
struct TelephoneEventTests {
    static let ssrc: UInt32 = 0xD7F0

    /// Packets of one digit from the sender, starting at `timestamp`, with the sender's send offsets.
    static func train(_ digit: Character, durationMs: Int, timestamp: UInt32, sequence: UInt16 = 1)
        -> [(packet: RTPPacket, sendOffset: Duration)]
    {
        let schedule = TelephoneEventSender.schedule(digit: digit, durationMs: durationMs)
        let packets = TelephoneEventSender.rtpPackets(
            digit: digit, durationMs: durationMs, startTimestamp: timestamp, startSequenceNumber: sequence,
            ssrc: ssrc, payloadType: 101)
        return Array(zip(packets, schedule.map(\.sendOffset)))
    }

    /// Feeds packets at their send time (plus `start`), then lets any timeout fire.
    static func deliver(_ packets: [(packet: RTPPacket, sendOffset: Duration)], start: Duration = .zero,
                        to receiver: inout TelephoneEventReceiver) -> [TelephoneEventReceiver.Output] {
        var output: [TelephoneEventReceiver.Output] = []
        for (packet, offset) in packets {
            output += receiver.expire(now: start + offset)
            output += receiver.receive(packet, arrivalTime: start + offset)
        }
        return output
    }

    @Test("payload wire form: digit 5, end, volume 10, duration 800 is 05 8a 03 20")
    func payload() throws {
        let event = TelephoneEvent(event: 5, isEnd: true, volume: 10, duration: 800)
        #expect(event.serialized == [0x05, 0x8A, 0x03, 0x20])
        #expect(try TelephoneEvent(parsing: [0x05, 0x8A, 0x03, 0x20]) == event)
        #expect(try TelephoneEvent(parsing: [0x05, 0xCA, 0x03, 0x20]) == event)  // R bit ignored (§2.3.3)
        #expect(throws: RTPError.self) { try TelephoneEvent(parsing: [0x05, 0x8A, 0x03]) }
    }

    @Test("event codes map to DTMF digits (RFC 4734 §3.2)")
    func digits() {
        let expected: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]
        for (code, digit) in expected.enumerated() {
            #expect(TelephoneEvent(event: UInt8(code), isEnd: false, volume: 0, duration: 0).digit == digit)
            #expect(TelephoneEvent(digit: digit)?.event == UInt8(code))
        }
        #expect(TelephoneEvent(event: 16, isEnd: false, volume: 0, duration: 0).digit == nil)  // flash
        #expect(TelephoneEvent(digit: "d")?.event == 15)
        #expect(TelephoneEvent(digit: "x") == nil)
    }

    @Test("sender: marker on the first packet only, one timestamp, growing durations, end sent three times")
    func senderTrain() {
        let packets = TelephoneEventSender.rtpPackets(
            digit: "7", durationMs: 100, startTimestamp: 4000, startSequenceNumber: 65534, ssrc: 1, payloadType: 101)
        let events = packets.compactMap { try? TelephoneEvent(parsing: $0.payload) }
        #expect(events.map(\.duration) == [160, 320, 480, 640, 800, 800, 800])
        #expect(events.map(\.isEnd) == [false, false, false, false, true, true, true])
        #expect(packets.map(\.marker) == [true, false, false, false, false, false, false])
        #expect(Set(packets.map(\.timestamp)) == [4000])
        #expect(packets.map(\.sequenceNumber) == [65534, 65535, 0, 1, 2, 3, 4])
        #expect(TelephoneEventSender.packets(digit: "7", durationMs: 100) == events)
    }

    @Test("sender: a 10 s event is split into 0xFFFF-unit segments (§2.5.1.3)")
    func senderSegments() {
        let schedule = TelephoneEventSender.schedule(digit: "0", durationMs: 10_000)
        let first = schedule.filter { $0.timestampOffset == 0 }
        let second = schedule.filter { $0.timestampOffset == 65_535 }
        #expect(first.count + second.count == schedule.count)
        #expect(first.last?.event.duration == 0xFFFF && first.last?.event.isEnd == false)
        #expect(second.last?.event.duration == UInt16(80_000 - 65_535) && second.last?.event.isEnd == true)
        #expect(schedule.filter(\.marker).count == 1)
    }

    @Test("receiver: a clean train gives one began and one ended with the full duration")
    func cleanTrain() {
        var receiver = TelephoneEventReceiver()
        let output = Self.deliver(Self.train("5", durationMs: 100, timestamp: 1000), to: &receiver)
        #expect(output == [.began("5", eventTimestamp: 1000), .ended("5", eventTimestamp: 1000, durationUnits: 800)])
    }

    @Test("receiver: lost start packet — the first update still begins the event")
    func lostStart() {
        var receiver = TelephoneEventReceiver()
        let output = Self.deliver(Array(Self.train("1", durationMs: 100, timestamp: 1000).dropFirst(2)), to: &receiver)
        #expect(output == [.began("1", eventTimestamp: 1000), .ended("1", eventTimestamp: 1000, durationUnits: 800)])
    }

    @Test("receiver: all end packets lost — the timeout ends the event with the longest duration seen")
    func lostEnd() {
        var receiver = TelephoneEventReceiver()
        var output = Self.deliver(Array(Self.train("2", durationMs: 100, timestamp: 1000).prefix(4)), to: &receiver)
        #expect(output == [.began("2", eventTimestamp: 1000)])
        output = receiver.expire(now: .milliseconds(80 + 199))
        #expect(output.isEmpty)
        output = receiver.expire(now: .milliseconds(80 + 200))
        #expect(output == [.ended("2", eventTimestamp: 1000, durationUnits: 640)])
        #expect(receiver.expire(now: .seconds(5)).isEmpty)
    }

    @Test("receiver: all end packets lost — the next event ends the previous one")
    func lostEndThenNextDigit() {
        var receiver = TelephoneEventReceiver()
        let first = Array(Self.train("2", durationMs: 100, timestamp: 1000).prefix(4))
        let second = Self.train("3", durationMs: 60, timestamp: 2600, sequence: 20)
        let output = Self.deliver(first, to: &receiver) + Self.deliver(second, start: .milliseconds(150), to: &receiver)
        #expect(output == [
            .began("2", eventTimestamp: 1000), .ended("2", eventTimestamp: 1000, durationUnits: 640),
            .began("3", eventTimestamp: 2600), .ended("3", eventTimestamp: 2600, durationUnits: 480),
        ])
    }

    @Test("receiver: end retransmissions, duplicates and late packets of a finished event are not counted again")
    func retransmissions() {
        var receiver = TelephoneEventReceiver()
        let train = Self.train("#", durationMs: 100, timestamp: 1000)
        var output = Self.deliver(train + train, to: &receiver)  // everything twice
        output += receiver.receive(train[1].packet, arrivalTime: .seconds(1))  // a straggler, long after
        output += receiver.expire(now: .seconds(2))
        #expect(output == [.began("#", eventTimestamp: 1000), .ended("#", eventTimestamp: 1000, durationUnits: 800)])
    }

    @Test("receiver: the same digit twice in a row (new timestamp) is two events")
    func sameDigitTwice() {
        var receiver = TelephoneEventReceiver()
        let output = Self.deliver(Self.train("9", durationMs: 80, timestamp: 1000), to: &receiver)
            + Self.deliver(Self.train("9", durationMs: 80, timestamp: 2600, sequence: 30), start: .milliseconds(200),
                           to: &receiver)
        #expect(output == [
            .began("9", eventTimestamp: 1000), .ended("9", eventTimestamp: 1000, durationUnits: 640),
            .began("9", eventTimestamp: 2600), .ended("9", eventTimestamp: 2600, durationUnits: 640),
        ])
    }

    @Test("receiver: reordered packets within an event and an end before its updates")
    func reordered() {
        var receiver = TelephoneEventReceiver()
        var train = Self.train("4", durationMs: 100, timestamp: 1000)
        train.swapAt(0, 2)
        train.swapAt(3, 4)  // an end packet overtakes the last update
        let output = Self.deliver(train, to: &receiver)
        #expect(output == [.began("4", eventTimestamp: 1000), .ended("4", eventTimestamp: 1000, durationUnits: 800)])
    }

    @Test("receiver: only the end packets arrive — began and ended together")
    func onlyEnd() {
        var receiver = TelephoneEventReceiver()
        let train = Self.train("A", durationMs: 100, timestamp: 1000)
        let output = Self.deliver(Array(train.suffix(1)), to: &receiver)
        #expect(output == [.began("A", eventTimestamp: 1000), .ended("A", eventTimestamp: 1000, durationUnits: 800)])
    }

    @Test("receiver: a long event's segments are one digit with the summed duration")
    func longEvent() {
        var receiver = TelephoneEventReceiver()
        let output = Self.deliver(Self.train("0", durationMs: 10_000, timestamp: 4_294_960_000), to: &receiver)
        #expect(output == [
            .began("0", eventTimestamp: 4_294_960_000), .ended("0", eventTimestamp: 4_294_960_000, durationUnits: 80_000),
        ])
    }

    @Test("receiver: timestamps across the 2^32 wrap and a packet older than the current event")
    func wrapAndOlder() {
        var receiver = TelephoneEventReceiver()
        let before = Self.train("1", durationMs: 60, timestamp: UInt32.max - 100)
        let after = Self.train("2", durationMs: 60, timestamp: 700, sequence: 50)
        var output = Self.deliver(Array(before.prefix(1)), to: &receiver)
        output += Self.deliver(Array(after.prefix(1)), start: .milliseconds(120), to: &receiver)
        // A packet from an event before "1" that we never saw: ignored, not reported out of order.
        output += receiver.receive(Self.train("8", durationMs: 60, timestamp: UInt32.max - 5000)[0].packet,
                                   arrivalTime: .milliseconds(130))
        #expect(output == [
            .began("1", eventTimestamp: UInt32.max - 100), .ended("1", eventTimestamp: UInt32.max - 100, durationUnits: 160),
            .began("2", eventTimestamp: 700),
        ])
    }
}
