/// RFC 4733 §2.5.1 sender: the packet train that carries one DTMF digit.
///
/// - The first packet has the marker bit set (§2.5.1.1); every packet of the event carries the event's
///   start timestamp, and the duration grows by the packet interval (§2.5.1.2).
/// - The final packet has the E bit and is sent three times with the same duration (§2.5.1.4), at the
///   packet interval, so that one lost packet does not lose the end.
/// - An event longer than 0xFFFF timestamp units is split (§2.5.1.3): a segment reaches duration 0xFFFF
///   without the E bit, and the next segment starts at timestamp + 0xFFFF with its duration restarting;
///   only the first packet of the first segment has the marker bit.
public enum TelephoneEventSender {
    /// The largest duration one segment can express.
    public static let maximumSegmentDuration = Int(UInt16.max)
    /// How many times the final (E) packet is sent (§2.5.1.4).
    public static let endPacketTransmissions = 3

    /// One packet of a digit's train, with where and when it belongs.
    public struct ScheduledEvent: Sendable, Hashable {
        /// When to send it, relative to the start of the digit.
        public var sendOffset: Duration
        /// Its RTP timestamp relative to the digit's start timestamp (non-zero only for later segments).
        public var timestampOffset: UInt32
        /// Whether the RTP marker bit is set (first packet of the event only).
        public var marker: Bool
        /// The payload.
        public var event: TelephoneEvent
    }

    /// The payloads for one digit, in sending order (see `schedule` for timestamps of long events).
    public static func packets(
        digit: Character, durationMs: Int, volume: UInt8 = 10, clockRate: Int = 8000, packetIntervalMs: Int = 20
    ) -> [TelephoneEvent] {
        schedule(digit: digit, durationMs: durationMs, volume: volume, clockRate: clockRate,
                 packetIntervalMs: packetIntervalMs).map(\.event)
    }

    /// The packets for one digit with send times, timestamp offsets and marker bits. Empty for a
    /// character that is not a DTMF digit.
    public static func schedule(
        digit: Character, durationMs: Int, volume: UInt8 = 10, clockRate: Int = 8000, packetIntervalMs: Int = 20
    ) -> [ScheduledEvent] {
        guard let template = TelephoneEvent(digit: digit, volume: volume) else { return [] }
        let interval = max(clockRate * max(packetIntervalMs, 1) / 1000, 1)
        let total = max(clockRate * max(durationMs, 0) / 1000, 1)
        var scheduled: [ScheduledEvent] = []
        var segmentStart = 0
        func sendTime(_ units: Int) -> Duration { .nanoseconds(Int64(units) * 1_000_000_000 / Int64(clockRate)) }
        while true {
            let remaining = total - segmentStart
            let isLastSegment = remaining <= maximumSegmentDuration
            let segmentLength = isLastSegment ? remaining : maximumSegmentDuration
            var elapsed = min(interval, segmentLength)
            while elapsed < segmentLength {
                var event = template
                event.duration = UInt16(elapsed)
                scheduled.append(ScheduledEvent(
                    sendOffset: sendTime(segmentStart + elapsed), timestampOffset: UInt32(segmentStart),
                    marker: scheduled.isEmpty, event: event))
                elapsed += interval
            }
            var last = template
            last.duration = UInt16(segmentLength)
            last.isEnd = isLastSegment
            let copies = isLastSegment ? endPacketTransmissions : 1
            for copy in 0..<copies {
                scheduled.append(ScheduledEvent(
                    sendOffset: sendTime(segmentStart + segmentLength + copy * interval),
                    timestampOffset: UInt32(segmentStart), marker: scheduled.isEmpty, event: last))
            }
            if isLastSegment { return scheduled }
            segmentStart += segmentLength
        }
    }

    /// The RTP packets for one digit: consecutive sequence numbers from `startSequenceNumber`, timestamps
    /// from `startTimestamp` (the digit's start in the media clock), payload type from SDP's telephone-event.
    public static func rtpPackets(
        digit: Character, durationMs: Int, startTimestamp: UInt32, startSequenceNumber: UInt16, ssrc: UInt32,
        payloadType: UInt8, volume: UInt8 = 10, clockRate: Int = 8000, packetIntervalMs: Int = 20
    ) -> [RTPPacket] {
        schedule(digit: digit, durationMs: durationMs, volume: volume, clockRate: clockRate,
                 packetIntervalMs: packetIntervalMs).enumerated().map { index, item in
            RTPPacket(
                payloadType: payloadType, sequenceNumber: startSequenceNumber &+ UInt16(truncatingIfNeeded: index),
                timestamp: startTimestamp &+ item.timestampOffset, ssrc: ssrc, marker: item.marker,
                payload: item.event.serialized)
        }
    }
}
