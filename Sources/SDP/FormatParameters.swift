/// RFC 8866 §6.15 `a=fmtp`: parameters specific to one media format.
///
/// ```
/// a=fmtp:<format> <format specific parameters>
/// a=fmtp:18 annexb=no
/// a=fmtp:101 0-15
/// ```
/// The parameter text is kept as written. `parameter(named:)` reads the common
/// `name=value;name=value` form and `events` the RFC 4733 event list of `telephone-event`.
public struct FormatParameters: Sendable, Hashable {
    /// The media format the parameters apply to: an RTP payload type number, or `t38`.
    public var format: String
    /// The format specific parameters as written.
    public var parameters: String

    /// Creates format parameters.
    public init(format: String, parameters: String) {
        self.format = format
        self.parameters = parameters
    }

    /// Creates format parameters for an RTP payload type.
    public init(payloadType: Int, parameters: String) {
        self.init(format: String(payloadType), parameters: parameters)
    }

    /// Creates an RFC 4733 §2.5.1 `telephone-event` event list such as `0-15` or `0-15,66`.
    public init(payloadType: Int, events: [ClosedRange<Int>]) {
        let list = events.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
        self.init(payloadType: payloadType, parameters: list.joined(separator: ","))
    }

    /// Parses the value of an `a=fmtp` attribute; `nil` when there is no format.
    public init?(attributeValue: String) {
        let trimmed = attributeValue.trimmingWhitespace
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            // A format with no parameters is pointless but harmless; keep it rather than fail.
            guard !trimmed.isEmpty else { return nil }
            self.init(format: String(trimmed), parameters: "")
            return
        }
        self.init(format: String(trimmed[..<space]), parameters: String(trimmed[space...].trimmingWhitespace))
    }

    /// The attribute value: `<format> <parameters>`.
    public var attributeValue: String {
        parameters.isEmpty ? format : "\(format) \(parameters)"
    }

    /// The payload type, when the format is an RTP payload type number.
    public var payloadType: Int? { parseInt(format) }

    /// The value of `name` in a `name=value;name=value` parameter list, compared without regard to
    /// case; an empty string for a bare `name`.
    public func parameter(named name: String) -> String? {
        for item in parameters.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair[0].trimmingWhitespace.caseInsensitiveEquals(name) {
                return pair.count == 2 ? String(pair[1].trimmingWhitespace) : ""
            }
        }
        return nil
    }

    /// The RFC 4733 event list (`0-15,66,70`) as ranges; `nil` when the text is not an event list.
    public var events: [ClosedRange<Int>]? {
        var ranges: [ClosedRange<Int>] = []
        for item in parameters.split(separator: ",") {
            let bounds = item.trimmingWhitespace.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = parseInt(bounds[0]), low <= 255 else { return nil }
            let high = bounds.count == 2 ? parseInt(bounds[1]) : low
            guard let high, high >= low, high <= 255 else { return nil }
            ranges.append(low...high)
        }
        return ranges.isEmpty ? nil : ranges
    }
}
