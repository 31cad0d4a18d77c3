/// Counters a `JitterBuffer` keeps for logging and metrics.
public struct JitterBufferStatistics: Sendable, Hashable {
    /// Packets passed to `insert`.
    public var received = 0
    /// Packets dropped because the same timestamp was already held or just played.
    public var duplicates = 0
    /// Packets dropped because their playout point had passed (reported as lost when it passed).
    public var late = 0
    /// Timestamp units reported as `.lost` so far.
    public var concealedUnits = 0
    /// Timestamp units played as silence because the sender sent non-audio packets (telephone events) instead.
    public var nonAudioUnits = 0
    /// Times the timeline was restarted: SSRC change or a timestamp jump inconsistent with arrival times.
    public var resynchronizations = 0
    /// The current target playout delay (adapts within the buffer's minimum and maximum).
    public var currentDelay: Duration = .zero
    /// Packets currently held.
    public var heldPackets = 0

    /// Creates zeroed statistics.
    public init() {}
}
