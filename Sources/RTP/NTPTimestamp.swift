/// RFC 3550 §4 NTP timestamp: seconds since 1 January 1900 UTC and a 32-bit binary fraction.
///
/// Sender reports carry the full 64 bits; receiver reports echo its middle 32 bits as LSR and express
/// DLSR in the same 1/65536-second units (RFC 3550 §6.4.1).
public struct NTPTimestamp: Sendable, Hashable, Comparable {
    /// Seconds between the NTP epoch (1900) and the Unix epoch (1970): 70 years including 17 leap days.
    public static let unixEpochOffsetSeconds: UInt64 = 2_208_988_800

    /// Whole seconds since 1900 (wraps in 2036, era 1 — harmless for RTCP, which only compares nearby values).
    public var seconds: UInt32
    /// Fraction of a second in units of 2⁻³² s.
    public var fraction: UInt32

    /// Creates a timestamp from its two halves.
    public init(seconds: UInt32, fraction: UInt32) {
        self.seconds = seconds
        self.fraction = fraction
    }

    /// Creates a timestamp from the 64-bit wire value (seconds in the high half).
    public init(rawValue: UInt64) {
        seconds = UInt32(truncatingIfNeeded: rawValue >> 32)
        fraction = UInt32(truncatingIfNeeded: rawValue)
    }

    /// Creates a timestamp from a wall-clock time given as the duration since the Unix epoch.
    /// (The caller reads the clock; this target never does.)
    public init(sinceUnixEpoch time: Duration) {
        let (wholeSeconds, attoseconds) = time.components
        seconds = UInt32(truncatingIfNeeded: UInt64(bitPattern: wholeSeconds) &+ Self.unixEpochOffsetSeconds)
        fraction = Self.fraction(ofAttoseconds: attoseconds)
    }

    /// The 64-bit wire value.
    public var rawValue: UInt64 { UInt64(seconds) << 32 | UInt64(fraction) }

    /// The middle 32 bits (16 bits of seconds, 16 of fraction): the LSR field of a report block.
    public var middle32Bits: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) }

    /// A duration in the 1/65536-second units of DLSR (RFC 3550 §6.4.1), saturating at `UInt32.max`.
    public static func compactUnits(of duration: Duration) -> UInt32 {
        let (wholeSeconds, attoseconds) = duration.components
        guard wholeSeconds >= 0 else { return 0 }
        guard wholeSeconds < 65_536 else { return .max }
        let fractional = UInt64(Self.fraction(ofAttoseconds: attoseconds)) >> 16
        return UInt32(wholeSeconds) << 16 | UInt32(fractional)
    }

    /// Converts 1/65536-second units (LSR/DLSR arithmetic, e.g. round-trip time) to a `Duration`.
    public static func duration(fromCompactUnits units: UInt32) -> Duration {
        .seconds(Int64(units >> 16)) + .nanoseconds(Int64(units & 0xFFFF) * 1_000_000_000 / 65_536)
    }

    /// Orders by the 64-bit value.
    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `attoseconds` (0 ..< 10^18) as a binary fraction of a second in units of 2⁻³².
    private static func fraction(ofAttoseconds attoseconds: Int64) -> UInt32 {
        let clamped = UInt64(min(max(attoseconds, 0), 999_999_999_999_999_999))
        // Go through nanoseconds so that the product fits in 64 bits: 10^9 × 2^32 < 2^64.
        let nanoseconds = clamped / 1_000_000_000
        return UInt32(truncatingIfNeeded: (nanoseconds << 32) / 1_000_000_000)
    }
}
