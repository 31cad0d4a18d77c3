/// RFC 4733 §2.5.2 receiver: turns a stream of telephone-event packets into exactly one report per event.
///
/// An event is identified by its RTP timestamp (§2.5.1.1): every packet of an event carries the same
/// timestamp, and a new timestamp is a new event even when the digit repeats. So:
/// - the first packet seen of a timestamp reports `.began` (marker or not: the start packet may be lost);
/// - the first E packet reports `.ended` with its duration; retransmitted E packets (§2.5.1.4), reordered
///   or duplicated packets of a finished event are recognised by timestamp and ignored;
/// - a newer timestamp ends the current event if its end was lost, and `expire(now:)` ends an event whose
///   packets stopped without an end (`endTimeout` after the last packet);
/// - a segment that continues a long event (same code, timestamp = previous segment + 0xFFFF, §2.5.1.3)
///   extends it instead of starting a new one;
/// - a packet older than the current event (serial-number comparison, so timestamp wrap is fine) belongs to
///   an event we never saw start while a newer one is under way: it is ignored rather than reported out of
///   order.
/// Only DTMF events (0–15) produce output; others (flash …) are tracked so they stay de-duplicated.
public struct TelephoneEventReceiver: Sendable {
    /// What the receiver reports.
    public enum Output: Sendable, Hashable {
        /// A digit started (reported as early as possible, for barge-in).
        case began(Character, eventTimestamp: UInt32)
        /// The digit ended, having lasted `durationUnits` timestamp units (the longest duration seen).
        case ended(Character, eventTimestamp: UInt32, durationUnits: Int)
    }

    private struct ActiveEvent: Sendable {
        var startTimestamp: UInt32
        var segmentTimestamp: UInt32
        var event: UInt8
        var earlierSegmentsDuration: Int
        var segmentDuration: Int
        var lastArrival: Duration
    }

    /// How many finished event timestamps are remembered to discard their late packets.
    private static let finishedMemory = 32

    /// The telephone-event clock rate (the `a=rtpmap` rate, normally 8000).
    public let clockRate: Int
    /// How long after its last packet an event without an end packet is declared ended.
    public let endTimeout: Duration

    private var ssrc: UInt32?
    private var active: ActiveEvent?
    private var finished: [UInt32] = []

    /// Creates a receiver.
    /// - Parameter endTimeout: 200 ms is ten 20-ms update intervals: longer than any jitter we accept and
    ///   short enough that a digit whose end packets were all lost still ends before the next is pressed.
    public init(clockRate: Int = 8000, endTimeout: Duration = .milliseconds(200)) {
        self.clockRate = clockRate
        self.endTimeout = endTimeout
    }

    /// Processes one telephone-event packet (the caller has already matched the payload type).
    public mutating func receive(_ packet: RTPPacket, arrivalTime: Duration) -> [Output] {
        guard let event = try? TelephoneEvent(parsing: packet.payload) else { return [] }
        var output: [Output] = []
        if let ssrc, ssrc != packet.ssrc {
            // A new source: whatever the old one was sending is over.
            endActive(into: &output)
            finished = []
        }
        ssrc = packet.ssrc
        let timestamp = packet.timestamp
        if finished.contains(timestamp) { return output }
        if var current = active {
            if timestamp == current.segmentTimestamp {
                guard event.event == current.event else { return output }  // same timestamp, other code: bogus
                current.segmentDuration = max(current.segmentDuration, Int(event.duration))
                current.lastArrival = arrivalTime
                active = current
                if event.isEnd { endActive(into: &output) }
                return output
            }
            let distance = Int32(bitPattern: timestamp &- current.segmentTimestamp)
            if distance < 0 { return output }
            if event.event == current.event, distance == Int32(TelephoneEventSender.maximumSegmentDuration) {
                // §2.5.1.3: the next segment of a long event.
                remember(current.segmentTimestamp)
                current.earlierSegmentsDuration += Int(distance)
                current.segmentTimestamp = timestamp
                current.segmentDuration = Int(event.duration)
                current.lastArrival = arrivalTime
                active = current
                if event.isEnd { endActive(into: &output) }
                return output
            }
            endActive(into: &output)
        }
        active = ActiveEvent(
            startTimestamp: timestamp, segmentTimestamp: timestamp, event: event.event, earlierSegmentsDuration: 0,
            segmentDuration: Int(event.duration), lastArrival: arrivalTime)
        if let digit = event.digit { output.append(.began(digit, eventTimestamp: timestamp)) }
        if event.isEnd { endActive(into: &output) }
        return output
    }

    /// Ends an event whose packets stopped arriving more than `endTimeout` before `now`.
    public mutating func expire(now: Duration) -> [Output] {
        guard let current = active, now - current.lastArrival >= endTimeout else { return [] }
        var output: [Output] = []
        endActive(into: &output)
        return output
    }

    /// Whether an event is under way (its end not yet seen or timed out).
    public var hasActiveEvent: Bool { active != nil }

    private mutating func endActive(into output: inout [Output]) {
        guard let current = active else { return }
        active = nil
        remember(current.segmentTimestamp)
        if let digit = TelephoneEvent(event: current.event, isEnd: true, volume: 0, duration: 0).digit {
            output.append(.ended(
                digit, eventTimestamp: current.startTimestamp,
                durationUnits: current.earlierSegmentsDuration + current.segmentDuration))
        }
    }

    private mutating func remember(_ timestamp: UInt32) {
        finished.append(timestamp)
        if finished.count > Self.finishedMemory { finished.removeFirst() }
    }
}
