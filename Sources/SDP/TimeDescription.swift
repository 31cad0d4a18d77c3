/// RFC 8866 §5.9–§5.11 time description: a `t=` line with its `r=` repeat times and `z=` time
/// zone adjustments.
///
/// ```
/// t=<start-time> <stop-time>
/// r=<repeat interval> <active duration> <offsets from start-time>
/// z=<adjustment time> <offset> <adjustment time> <offset> ....
/// ```
/// Times are seconds since 1900 (NTP epoch); `t=0 0` — what SIP always sends — means a permanent
/// session. Durations in `r=` and `z=` are held in seconds; the serializer writes them back in the
/// largest exact unit (`7d`, `1h`, `25h`), as RFC 8866 §5.10 does in its own examples.
public struct TimeDescription: Sendable, Hashable {
    /// When the session starts, in seconds since 1900; 0 for unbounded.
    public var startTime: UInt64
    /// When the session stops, in seconds since 1900; 0 for unbounded.
    public var stopTime: UInt64
    /// The `r=` lines.
    public var repeatTimes: [RepeatTime]
    /// The `z=` line's adjustments; empty when there is no `z=` line.
    public var zoneAdjustments: [ZoneAdjustment]

    /// Creates a time description.
    public init(
        startTime: UInt64, stopTime: UInt64, repeatTimes: [RepeatTime] = [],
        zoneAdjustments: [ZoneAdjustment] = []
    ) {
        self.startTime = startTime
        self.stopTime = stopTime
        self.repeatTimes = repeatTimes
        self.zoneAdjustments = zoneAdjustments
    }

    /// `t=0 0`: a session that is neither bounded nor scheduled, which RFC 3264 §5 asks SIP to use.
    public static let permanent = TimeDescription(startTime: 0, stopTime: 0)

    /// RFC 8866 §5.10 repeat time (`r=`).
    public struct RepeatTime: Sendable, Hashable {
        /// The repeat interval in seconds (never 0).
        public var repeatInterval: UInt64
        /// How long each repetition lasts, in seconds.
        public var activeDuration: UInt64
        /// The offsets from the start time at which repetitions begin, in seconds.
        public var offsets: [UInt64]

        /// Creates a repeat time.
        public init(repeatInterval: UInt64, activeDuration: UInt64, offsets: [UInt64]) {
            self.repeatInterval = repeatInterval
            self.activeDuration = activeDuration
            self.offsets = offsets
        }
    }

    /// One RFC 8866 §5.11 time zone adjustment: from `time` on, add `offset` seconds.
    public struct ZoneAdjustment: Sendable, Hashable {
        /// When the adjustment takes effect, in seconds since 1900.
        public var time: UInt64
        /// The offset in seconds, negative for a shift back.
        public var offset: Int64

        /// Creates a time zone adjustment.
        public init(time: UInt64, offset: Int64) {
            self.time = time
            self.offset = offset
        }
    }
}
