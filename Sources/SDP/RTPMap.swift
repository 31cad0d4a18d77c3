/// RFC 8866 §6.6 `a=rtpmap`: binds an RTP payload type to an encoding.
///
/// ```
/// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
/// a=rtpmap:0 PCMU/8000
/// a=rtpmap:101 telephone-event/8000
/// a=rtpmap:97 opus/48000/2
/// ```
/// Encoding names are compared without regard to case (RFC 8866 §6.6, taking the rule from RFC 4855). Static
/// payload types may omit their rtpmap; `StaticPayloadTypes` supplies it then.
public struct RTPMap: Sendable, Hashable {
    /// The RTP payload type, 0–127.
    public var payloadType: Int
    /// The encoding name, such as `PCMU` or `telephone-event`, as written.
    public var encodingName: String
    /// The RTP clock rate in hertz.
    public var clockRate: Int
    /// For audio, the number of channels; `nil` when omitted, which means one channel.
    public var channels: Int?

    /// Creates an rtpmap.
    public init(payloadType: Int, encodingName: String, clockRate: Int, channels: Int? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    /// Parses the value of an `a=rtpmap` attribute; `nil` when it is malformed.
    public init?(attributeValue: String) {
        let fields = attributeValue.trimmingWhitespace.whitespaceSeparatedFields
        guard fields.count == 2, let payloadType = parseInt(fields[0]), payloadType <= 127 else { return nil }
        let encoding = fields[1].split(separator: "/", omittingEmptySubsequences: false)
        guard (2...3).contains(encoding.count), !encoding[0].isEmpty,
              let clockRate = parseInt(encoding[1]), clockRate > 0
        else { return nil }
        var channels: Int?
        if encoding.count == 3 {
            guard let count = parseInt(encoding[2]), count > 0 else { return nil }
            channels = count
        }
        self.init(payloadType: payloadType, encodingName: String(encoding[0]), clockRate: clockRate, channels: channels)
    }

    /// The attribute value: `<payload type> <encoding name>/<clock rate>[/<channels>]`.
    public var attributeValue: String {
        var text = "\(payloadType) \(encodingName)/\(clockRate)"
        if let channels { text += "/\(channels)" }
        return text
    }

    /// The number of channels, one when the rtpmap leaves it out.
    public var channelCount: Int { channels ?? 1 }

    /// Whether this is the RFC 4733 `telephone-event` payload format.
    public var isTelephoneEvent: Bool { encodingName.caseInsensitiveEquals("telephone-event") }

    /// Whether this is the RFC 3389 comfort noise payload format (`CN`).
    public var isComfortNoise: Bool { encodingName.caseInsensitiveEquals("CN") }

    /// Whether both describe the same encoding: name (without regard to case), clock rate and
    /// channel count; the payload type number is not compared.
    public func hasSameEncoding(as other: RTPMap) -> Bool {
        encodingName.caseInsensitiveEquals(other.encodingName) && clockRate == other.clockRate
            && channelCount == other.channelCount
    }
}
