/// RFC 3550 A.1, A.3 and A.8: reception statistics for one source, the raw material of report blocks.
///
/// `record` runs the A.1 sequence-number validation (probation of `minimumSequential` packets, 16-bit
/// wrap into an extended 32-bit number, resynchronisation after two consecutive "bad" sequence numbers)
/// and the A.8 interarrival-jitter estimator. `makeReportBlock` applies A.3 (expected, lost, fraction lost
/// over the interval since the previous report). Time is passed in; nothing here reads a clock.
public struct RTPReceptionStatistics: Sendable {
    /// A.1 MAX_DROPOUT: a forward jump of up to this many is taken as loss, not as a restart.
    public static let maximumDropout: UInt16 = 3000
    /// A.1 MAX_MISORDER: a packet this far behind is late/duplicate, beyond it a possible restart.
    public static let maximumMisorder: UInt16 = 100
    /// A.1 RTP_SEQ_MOD.
    private static let sequenceModulus: UInt32 = 1 << 16

    private let clockRate: Int
    private let minimumSequential: Int

    private var maxSequence: UInt16 = 0
    private var cycles: UInt32 = 0
    private var baseSequence: UInt32 = 0
    private var badSequence: UInt32 = Self.sequenceModulus + 1
    private var probation: Int
    private var started = false
    private var hasSeenFirst = false
    private var expectedPrior = 0
    private var receivedPrior = 0
    private var previousTransit: Int64?
    /// A.8 J, kept as a Double rather than the RFC's ×16 fixed point; reported values are identical.
    private var jitter: Double = 0

    /// Packets accepted so far (A.1 `received`: includes duplicates, as the RFC specifies).
    public private(set) var packetsReceived = 0

    /// Creates statistics for a source whose payload format ticks at `clockRate` Hz.
    /// - Parameter minimumSequential: A.1 MIN_SEQUENTIAL, packets in sequence before the source is valid.
    public init(clockRate: Int, minimumSequential: Int = 2) {
        self.clockRate = max(clockRate, 1)
        self.minimumSequential = max(minimumSequential, 1)
        self.probation = max(minimumSequential, 1)
    }

    /// A.3: packets expected (from the first to the highest extended sequence number) minus received.
    /// Negative when duplicates outnumber losses.
    public var cumulativeLost: Int { started ? expected - packetsReceived : 0 }

    /// A.8 interarrival jitter converted to milliseconds.
    public var jitterMilliseconds: Double { jitter * 1000 / Double(clockRate) }

    /// A.8 interarrival jitter in timestamp units, as a report block carries it.
    public var jitterTimestampUnits: UInt32 { UInt32(min(jitter, Double(UInt32.max))) }

    /// The extended highest sequence number received: cycles in the high 16 bits.
    public var extendedHighestSequence: UInt32 { cycles &+ UInt32(maxSequence) }

    private var expected: Int { Int(extendedHighestSequence) - Int(baseSequence) + 1 }

    /// Records a packet's arrival; returns false when it should be dropped (source still on probation, or a
    /// wild sequence number jump not yet confirmed by the next packet).
    public mutating func record(sequenceNumber: UInt16, timestamp: UInt32?, arrivalTime: Duration) -> Bool {
        guard updateSequence(sequenceNumber) else { return false }
        // Packets whose timestamp is not a sampling instant (a telephone event keeps its start time) count for
        // loss but not for jitter.
        if let timestamp { updateJitter(timestamp: timestamp, arrivalTime: arrivalTime) }
        return true
    }

    /// Builds the report block for this source and starts a new A.3 interval.
    public mutating func makeReportBlock(ssrc: UInt32, lastSR: UInt32, delaySinceLastSR: UInt32) -> RTCPReportBlock {
        let expectedInterval = started ? expected - expectedPrior : 0
        let receivedInterval = packetsReceived - receivedPrior
        if started {
            expectedPrior = expected
            receivedPrior = packetsReceived
        }
        let lostInterval = expectedInterval - receivedInterval
        let fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : min((lostInterval << 8) / expectedInterval, 255)
        let lost = min(max(cumulativeLost, Int(RTCPReportBlock.cumulativeLostRange.lowerBound)),
                       Int(RTCPReportBlock.cumulativeLostRange.upperBound))
        return RTCPReportBlock(
            ssrc: ssrc, fractionLost: UInt8(fraction), cumulativeLost: Int32(lost),
            extendedHighestSequence: extendedHighestSequence, jitter: jitterTimestampUnits,
            lastSR: lastSR, delaySinceLastSR: delaySinceLastSR)
    }

    /// A.1 `init_seq`.
    private mutating func initSequence(_ sequence: UInt16) {
        baseSequence = UInt32(sequence)
        maxSequence = sequence
        badSequence = Self.sequenceModulus + 1  // so that seq == bad_seq is false
        cycles = 0
        packetsReceived = 0
        receivedPrior = 0
        expectedPrior = 0
        started = true
    }

    /// A.1 `update_seq`, transcribed; returns whether the packet is valid.
    private mutating func updateSequence(_ sequence: UInt16) -> Bool {
        if !hasSeenFirst {
            // A.1: on the first packet, init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL.
            hasSeenFirst = true
            maxSequence = sequence &- 1
            probation = minimumSequential
        }
        let delta = sequence &- maxSequence  // uint16 arithmetic, as in the RFC
        if probation > 0 {
            // The source is not valid until MIN_SEQUENTIAL packets arrive in sequence.
            if sequence == maxSequence &+ 1 {
                probation -= 1
                maxSequence = sequence
                if probation == 0 {
                    initSequence(sequence)
                    packetsReceived += 1
                    return true
                }
            } else {
                probation = minimumSequential - 1
                maxSequence = sequence
            }
            return false
        } else if delta < Self.maximumDropout {
            // In order, with a permissible gap.
            if sequence < maxSequence {
                cycles &+= Self.sequenceModulus  // sequence number wrapped: count another 64K cycle
            }
            maxSequence = sequence
        } else if delta <= UInt16(truncatingIfNeeded: Self.sequenceModulus - UInt32(Self.maximumMisorder)) {
            // The sequence number made a very large jump.
            if UInt32(sequence) == badSequence {
                // Two sequential packets: assume the other side restarted without telling us; resync.
                initSequence(sequence)
                previousTransit = nil
            } else {
                badSequence = (UInt32(sequence) + 1) & (Self.sequenceModulus - 1)
                return false
            }
        } else {
            // Duplicate or reordered packet: counted, but max_seq is not moved.
        }
        packetsReceived += 1
        return true
    }

    /// A.8: J += (|D(i-1,i)| - J) / 16, with transit times in timestamp units.
    private mutating func updateJitter(timestamp: UInt32, arrivalTime: Duration) {
        let arrival = Self.timestampUnits(arrivalTime, clockRate: clockRate)
        // Transit differences are taken modulo 2^32 so that a timestamp wrap does not look like a jump.
        let transit = Int64(Int32(truncatingIfNeeded: arrival &- Int64(timestamp)))
        if let previousTransit {
            let difference = Double(abs(Int64(Int32(truncatingIfNeeded: transit &- previousTransit))))
            jitter += (difference - jitter) / 16
        }
        previousTransit = transit
    }

    /// `duration` × `clockRate`, in whole timestamp units (rounded down).
    static func timestampUnits(_ duration: Duration, clockRate: Int) -> Int64 {
        let (seconds, attoseconds) = duration.components
        // Via nanoseconds so that the product stays far below 2^63 for any audio clock rate.
        return seconds &* Int64(clockRate) &+ (attoseconds / 1_000_000_000) &* Int64(clockRate) / 1_000_000_000
    }
}
