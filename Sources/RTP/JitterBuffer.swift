/// An adaptive, timestamp-driven jitter buffer for recording received audio.
///
/// Packets are held in RTP-timestamp order and released once their playout time has passed:
/// `playout(ts) = ts + baseTransit + targetDelay`, where transit = arrival − timestamp (both in timestamp
/// units), `baseTransit` is the smallest transit in the recent `adaptationWindow` and `targetDelay` is the
/// spread of transits in that window, clamped to `[minimumDelay, maximumDelay]`. So the delay grows as
/// soon as jitter (or a late packet) is seen and shrinks back once the window no longer contains it.
///
/// Output is continuous in timestamp: every frame is either a `.packet` or part of a `.lost` gap of the
/// exact size, so changing the delay never duplicates or drops audio. Duplicates and packets whose time
/// has passed are dropped and counted. The frame duration is learnt from consecutive sequence numbers,
/// so any codec frame size works (`samplesPerPacket` is only the initial guess).
///
/// A new SSRC, or a timestamp jump that disagrees with the arrival times by more than
/// `discontinuityThreshold` (a sender restart, a PBX switching media), drains what is held and restarts
/// the timeline without a gap. A talk spurt after silence (marker bit, timestamps consistent with time)
/// is not a discontinuity: the silent interval is reported as `.lost` so the recording keeps its timing.
///
/// Time is injected: `arrivalTime` and `now` are durations since the stream started, on one clock.
/// Feed it one stream's audio packets only; telephone-event packets go to `TelephoneEventReceiver`, and their
/// sequence numbers to `noteNonAudio(sequenceNumber:)`, so that the audio gap they leave is silence, not loss.
public struct JitterBuffer: Sendable {
    private struct Held: Sendable {
        var timestamp: Int64
        var packet: RTPPacket
    }

    private struct TransitSample: Sendable {
        var arrival: Int64
        var transit: Int64
    }

    /// A bound on memory against a peer that floods future timestamps; the oldest is released early.
    static let maximumHeldPackets = 2048
    /// How many recent transit samples set the target delay at most.
    private static let maximumTransitSamples = 512
    /// How many just-played sequence numbers are remembered to tell duplicates from late packets.
    private static let playedSequenceMemory = 64
    /// How many non-audio sequence numbers are remembered (a long key press sends about 50 a second).
    private static let nonAudioMemory = 256

    /// The payload format's clock rate in Hz.
    public let clockRate: Int
    /// The initial frame-duration guess in timestamp units.
    public let samplesPerPacket: Int
    /// The lower bound of the target delay.
    public let minimumDelay: Duration
    /// The upper bound of the target delay.
    public let maximumDelay: Duration
    /// How long a transit sample influences the target delay.
    public let adaptationWindow: Duration
    /// Transit changes beyond this are a timestamp discontinuity, not jitter.
    public let discontinuityThreshold: Duration

    private let minimumDelayUnits: Int64
    private let maximumDelayUnits: Int64
    private let windowUnits: Int64
    private let discontinuityUnits: Int64

    private var ssrc: UInt32?
    private var unwrapReference: Int64?
    private var held: [Held] = []
    private var cursor: Int64?
    private var frameUnits: Int64
    private var lastInserted: (sequence: UInt16, timestamp: Int64, marker: Bool)?
    private var transits: [TransitSample] = []
    private var recentlyPlayed: [UInt16] = []
    private var pendingOutput: [JitterBufferOutput] = []
    private var counters = JitterBufferStatistics()
    /// Sequence numbers of the stream's recent non-audio packets.
    private var nonAudio: [UInt16] = []
    /// The sequence number of the last packet released.
    private var lastReleased: UInt16?

    /// Creates a buffer.
    /// - Parameters:
    ///   - clockRate: RTP clock rate of the payload format (8000 for G.711, G.729, G.723.1 and — by RFC 3551's historical error — G.722).
    ///   - samplesPerPacket: expected timestamp units per packet (160 for 20 ms at 8 kHz); learnt afterwards.
    ///   - minimumDelay: never play out sooner than this after the earliest possible arrival.
    ///   - maximumDelay: never wait longer than this; later packets are dropped as late.
    ///   - adaptationWindow: how long a jitter observation keeps the delay up.
    ///   - discontinuityThreshold: a timestamp jump that disagrees with arrival time by more than this restarts the timeline.
    public init(
        clockRate: Int, samplesPerPacket: Int, minimumDelay: Duration = .milliseconds(40),
        maximumDelay: Duration = .milliseconds(400), adaptationWindow: Duration = .seconds(2),
        discontinuityThreshold: Duration = .seconds(2)
    ) {
        self.clockRate = max(clockRate, 1)
        self.samplesPerPacket = max(samplesPerPacket, 1)
        self.minimumDelay = minimumDelay
        self.maximumDelay = max(maximumDelay, minimumDelay)
        self.adaptationWindow = adaptationWindow
        self.discontinuityThreshold = discontinuityThreshold
        let units = { (duration: Duration) in RTPReceptionStatistics.timestampUnits(duration, clockRate: max(clockRate, 1)) }
        minimumDelayUnits = units(minimumDelay)
        maximumDelayUnits = max(units(maximumDelay), units(minimumDelay))
        windowUnits = units(adaptationWindow)
        discontinuityUnits = units(discontinuityThreshold)
        frameUnits = Int64(max(samplesPerPacket, 1))
    }

    /// Counters and the current target delay.
    public var statistics: JitterBufferStatistics {
        var snapshot = counters
        snapshot.currentDelay = .nanoseconds(targetDelayUnits * 1_000_000_000 / Int64(clockRate))
        snapshot.heldPackets = held.count
        return snapshot
    }

    /// Accepts a received packet (any order, duplicates allowed).
    public mutating func insert(_ packet: RTPPacket, arrivalTime: Duration) {
        counters.received += 1
        if let ssrc, ssrc != packet.ssrc {
            resynchronize()
        }
        ssrc = packet.ssrc
        let timestamp = unwrap(packet.timestamp)
        let arrival = RTPReceptionStatistics.timestampUnits(arrivalTime, clockRate: clockRate)
        let transit = arrival - timestamp
        if let base = baseTransit, abs(transit - base) > discontinuityUnits {
            resynchronize()
        }
        recordTransit(TransitSample(arrival: arrival, transit: transit))
        if let cursor, timestamp < cursor {
            // Its playout point has passed: it was concealed already. Its transit (recorded above) raises the delay.
            if recentlyPlayed.contains(packet.sequenceNumber) {
                counters.duplicates += 1
            } else {
                counters.late += 1
            }
            return
        }
        let index = insertionIndex(for: timestamp)
        if index < held.count, held[index].timestamp == timestamp {
            counters.duplicates += 1
            return
        }
        learnFrameDuration(sequence: packet.sequenceNumber, timestamp: timestamp, marker: packet.marker)
        held.insert(Held(timestamp: timestamp, packet: packet), at: index)
        if held.count > Self.maximumHeldPackets {
            var released: [JitterBufferOutput] = []
            releaseEarliest(into: &released)
            pendingOutput.append(contentsOf: released)
        }
    }

    /// Records that `sequenceNumber` of this stream carried no audio (a telephone event): a gap made only of such
    /// packets is played as `.silence`, not concealed as `.lost`.
    public mutating func noteNonAudio(sequenceNumber: UInt16) {
        nonAudio.append(sequenceNumber)
        if nonAudio.count > Self.nonAudioMemory { nonAudio.removeFirst() }
    }

    /// Everything due for playout at `now`, in order, with gaps for what is missing.
    ///
    /// A gap is concealed as its time passes, so one long gap may be reported across several pulls
    /// (adjacent `.lost` values add up). While nothing at all is held, nothing is concealed: the stream may
    /// be in silence suppression, and the gap is reported, exactly sized, when the next packet arrives.
    public mutating func pull(now: Duration) -> [JitterBufferOutput] {
        var output = pendingOutput
        pendingOutput = []
        guard let base = baseTransit else { return output }
        let playoutPoint = RTPReceptionStatistics.timestampUnits(now, clockRate: clockRate) - base - targetDelayUnits
        if cursor == nil {
            guard let first = held.first, first.timestamp <= playoutPoint else { return output }
            cursor = first.timestamp
        }
        while let position = cursor, position <= playoutPoint, let first = held.first {
            if first.timestamp <= position {
                releaseEarliest(into: &output)
            } else {
                // The frame at the cursor is due and missing: conceal it, one frame at a time so that a packet
                // arriving later for a not-yet-due part of the gap is still played.
                let units = min(frameUnits, first.timestamp - position)
                appendGap(units, nonAudio: gapIsNonAudio(before: first.packet.sequenceNumber), to: &output)
                cursor = position + units
            }
        }
        return output
    }

    /// Everything still held, in order with gaps, regardless of time (the call has ended).
    public mutating func flush() -> [JitterBufferOutput] {
        var output = pendingOutput
        pendingOutput = []
        drain(into: &output)
        return output
    }

    // MARK: - Timeline

    private var baseTransit: Int64? { transits.lazy.map(\.transit).min() }

    private var targetDelayUnits: Int64 {
        guard let low = transits.lazy.map(\.transit).min(), let high = transits.lazy.map(\.transit).max() else {
            return minimumDelayUnits
        }
        return min(max(high - low, minimumDelayUnits), maximumDelayUnits)
    }

    private mutating func recordTransit(_ sample: TransitSample) {
        transits.append(sample)
        let horizon = sample.arrival - windowUnits
        if let stale = transits.firstIndex(where: { $0.arrival >= horizon }), stale > 0 {
            transits.removeFirst(stale)
        }
        // A flood would make the window, and the min/max over it on every packet, grow without bound: keep the
        // newest samples (a second of 2 ms packets is still fully covered).
        if transits.count > Self.maximumTransitSamples * 2 {
            transits.removeFirst(transits.count - Self.maximumTransitSamples)
        }
    }

    /// Extends a 32-bit timestamp to 64 bits, choosing the value nearest the previous one (RTP wraps).
    private mutating func unwrap(_ timestamp: UInt32) -> Int64 {
        guard let reference = unwrapReference else {
            unwrapReference = Int64(timestamp)
            return Int64(timestamp)
        }
        let delta = Int32(bitPattern: timestamp &- UInt32(truncatingIfNeeded: reference))
        let extended = reference + Int64(delta)
        unwrapReference = extended
        return extended
    }

    /// The longest plausible frame: 125 ms (RTP audio rarely exceeds a 120 ms ptime). Anything longer
    /// between consecutive sequence numbers is silence between talk spurts, not a frame.
    private var maximumFrameUnits: Int64 { Int64(clockRate / 8) }

    private mutating func learnFrameDuration(sequence: UInt16, timestamp: Int64, marker: Bool) {
        defer { lastInserted = (sequence, timestamp, marker) }
        guard let last = lastInserted else { return }
        // Only adjacent sequence numbers within one talk spurt tell the frame length (after DTX the
        // sequence number continues but the timestamp jumps; the marker bit flags the new spurt).
        let span: Int64
        if sequence == last.sequence &+ 1, !marker {
            span = timestamp - last.timestamp
        } else if sequence &+ 1 == last.sequence, !last.marker {
            span = last.timestamp - timestamp
        } else {
            return
        }
        if span > 0, span <= maximumFrameUnits { frameUnits = span }
    }

    private func insertionIndex(for timestamp: Int64) -> Int {
        var low = 0
        var high = held.count
        while low < high {
            let middle = (low + high) / 2
            if held[middle].timestamp < timestamp { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Outputs the earliest held packet, preceded by the gap before it, and moves the cursor past it.
    private mutating func releaseEarliest(into output: inout [JitterBufferOutput]) {
        guard !held.isEmpty else { return }
        let next = held.removeFirst()
        if let cursor, next.timestamp > cursor {
            appendGap(next.timestamp - cursor, nonAudio: gapIsNonAudio(before: next.packet.sequenceNumber), to: &output)
        }
        output.append(.packet(next.packet))
        lastReleased = next.packet.sequenceNumber
        recentlyPlayed.append(next.packet.sequenceNumber)
        if recentlyPlayed.count > Self.playedSequenceMemory { recentlyPlayed.removeFirst() }
        var advanced = next.timestamp + frameUnits
        if let following = held.first, following.timestamp > next.timestamp {
            if following.packet.sequenceNumber == next.packet.sequenceNumber &+ 1, !following.packet.marker,
                following.timestamp - next.timestamp <= maximumFrameUnits
            {
                // The very next packet of the same talk spurt is here: its timestamp ends this frame exactly.
                advanced = following.timestamp
            } else {
                advanced = min(advanced, following.timestamp)  // the frame was shorter than we thought
            }
        }
        cursor = max(cursor ?? advanced, advanced)
    }

    private mutating func drain(into output: inout [JitterBufferOutput]) {
        while !held.isEmpty { releaseEarliest(into: &output) }
    }

    /// New SSRC or timestamp discontinuity: hand over what is held, then start a fresh timeline.
    private mutating func resynchronize() {
        var drained: [JitterBufferOutput] = []
        drain(into: &drained)
        pendingOutput.append(contentsOf: drained)
        counters.resynchronizations += 1
        cursor = nil
        transits = []
        lastInserted = nil
        lastReleased = nil
        recentlyPlayed = []
        frameUnits = Int64(samplesPerPacket)
    }

    /// Whether every sequence number between the last packet released and `sequence` was a non-audio packet.
    private func gapIsNonAudio(before sequence: UInt16) -> Bool {
        guard let lastReleased else { return false }
        let missing = Int(sequence &- lastReleased) - 1
        guard missing > 0, missing <= Self.nonAudioMemory else { return false }
        return (1...missing).allSatisfy { nonAudio.contains(lastReleased &+ UInt16($0)) }
    }

    private mutating func appendGap(_ units: Int64, nonAudio: Bool, to output: inout [JitterBufferOutput]) {
        guard nonAudio else { return appendLost(units, to: &output) }
        guard units > 0 else { return }
        counters.nonAudioUnits += Int(units)
        if case .silence(let previous) = output.last {
            output[output.count - 1] = .silence(timestampUnits: previous + Int(units))
        } else {
            output.append(.silence(timestampUnits: Int(units)))
        }
    }

    private mutating func appendLost(_ units: Int64, to output: inout [JitterBufferOutput]) {
        guard units > 0 else { return }
        counters.concealedUnits += Int(units)
        if case .lost(let previous) = output.last {
            output[output.count - 1] = .lost(timestampUnits: previous + Int(units))
        } else {
            output.append(.lost(timestampUnits: Int(units)))
        }
    }
}
