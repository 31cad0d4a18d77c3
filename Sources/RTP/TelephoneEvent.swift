/// RFC 4733 §2.3 telephone-event payload: one named event (a DTMF digit, flash …) and its duration so far.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     event     |E|R| volume    |          duration             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Events 0–15 are the DTMF digits 0–9, *, #, A–D; 16 is flash (RFC 4734 §3.2).
public struct TelephoneEvent: Sendable, Hashable {
    /// Octets of one event payload.
    public static let length = 4
    /// DTMF event codes 0–15 in order (RFC 4734 §3.2, table 3).
    static let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]

    /// The event code.
    public var event: UInt8
    /// E: this packet reports the end of the event.
    public var isEnd: Bool
    /// Power level of the tone in −dBm0, 0…63 (larger is quieter).
    public var volume: UInt8
    /// Duration of the event so far in timestamp units, counted from the event's RTP timestamp.
    public var duration: UInt16

    /// Creates an event payload.
    public init(event: UInt8, isEnd: Bool, volume: UInt8, duration: UInt16) {
        self.event = event
        self.isEnd = isEnd
        self.volume = volume
        self.duration = duration
    }

    /// The event code of a DTMF digit (0-9, *, #, A-D; lower-case a-d accepted), or nil.
    public init?(digit: Character, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16 = 0) {
        guard let code = Self.digits.firstIndex(of: Character(digit.uppercased())) else { return nil }
        self.init(event: UInt8(code), isEnd: isEnd, volume: volume, duration: duration)
    }

    /// Parses the first event of a payload (RFC 4733 §2.3; any further octets, e.g. RFC 2198
    /// redundancy already removed by the caller, are ignored). The R bit is ignored, as §2.3.3 asks.
    public init(parsing bytes: some Collection<UInt8>) throws(RTPError) {
        var reader = WireReader(Array(bytes.prefix(Self.length)))
        event = try reader.readUInt8("telephone-event event")
        let flags = try reader.readUInt8("telephone-event E/R/volume")
        isEnd = flags & 0x80 != 0
        volume = flags & 0x3F
        duration = try reader.readUInt16("telephone-event duration")
    }

    /// The 4-octet wire form (R is sent as zero).
    public var serialized: [UInt8] {
        [event, (isEnd ? 0x80 : 0) | (volume & 0x3F), UInt8(truncatingIfNeeded: duration >> 8),
         UInt8(truncatingIfNeeded: duration)]
    }

    /// The DTMF digit 0-9, *, #, A-D, or nil for other events (16 = flash, …).
    public var digit: Character? {
        Int(event) < Self.digits.count ? Self.digits[Int(event)] : nil
    }
}
