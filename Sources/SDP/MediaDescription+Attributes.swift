// Typed views over the attributes of a media description. Each reads the attribute list on demand,
// so the list stays the single source of truth and a round trip cannot lose anything.

extension MediaDescription {
    /// Every well-formed `a=rtpmap`, in order.
    public var rtpMaps: [RTPMap] {
        attributes.values(named: "rtpmap").compactMap(RTPMap.init(attributeValue:))
    }

    /// The encoding of a payload type: its `a=rtpmap`, or for a static payload type without one
    /// the RFC 3551 mapping.
    public func rtpMap(for payloadType: Int) -> RTPMap? {
        rtpMaps.first { $0.payloadType == payloadType } ?? StaticPayloadTypes.rtpMap(for: payloadType)
    }

    /// The encodings of the listed formats, in `m=` line order; formats with no known encoding
    /// are left out.
    public var resolvedRTPMaps: [RTPMap] {
        payloadTypes.compactMap { rtpMap(for: $0) }
    }

    /// Every well-formed `a=fmtp`, in order.
    public var formatParameters: [FormatParameters] {
        attributes.values(named: "fmtp").compactMap(FormatParameters.init(attributeValue:))
    }

    /// The `a=fmtp` of one format, such as a payload type number or `t38`.
    public func formatParameters(for format: String) -> FormatParameters? {
        formatParameters.first { $0.format == format }
    }

    /// The `a=fmtp` of one RTP payload type.
    public func formatParameters(for payloadType: Int) -> FormatParameters? {
        formatParameters.first { $0.payloadType == payloadType }
    }

    /// `a=ptime` in whole milliseconds. RFC 8866 §6.4 allows fractions, which no telephony codec
    /// uses; a value that is not a whole number reads as absent, so the codec default applies.
    public var ptime: Int? {
        attributes.first(named: "ptime")?.value.flatMap { parseInt($0.trimmingWhitespace) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `a=maxptime` in whole milliseconds (RFC 8866 §6.5), read like `ptime`.
    public var maxptime: Int? {
        attributes.first(named: "maxptime")?.value.flatMap { parseInt($0.trimmingWhitespace) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The media-level direction attribute, if any. Use `SessionDescription.direction(of:)` for the
    /// effective direction, which falls back to the session level.
    public var direction: MediaDirection? {
        attributes.direction
    }

    /// RFC 3605 `a=rtcp`, if present and well-formed.
    public var rtcp: RTCPAttribute? {
        attributes.first(named: "rtcp")?.value.flatMap(RTCPAttribute.init(attributeValue:))
    }

    /// RFC 5761 `a=rtcp-mux`: RTP and RTCP share one port.
    public var isRTCPMultiplexed: Bool {
        attributes.contains(named: "rtcp-mux")
    }

    /// Every well-formed RFC 4568 `a=crypto`, in order of preference.
    public var cryptoAttributes: [CryptoAttribute] {
        attributes.values(named: "crypto").compactMap(CryptoAttribute.init(attributeValue:))
    }

    /// The T.38 attributes of a fax relay stream.
    public var t38Attributes: T38Attributes {
        T38Attributes(attributes: attributes)
    }

    /// The RFC 4733 `telephone-event` encodings offered, in `m=` line order.
    public var telephoneEvents: [RTPMap] {
        resolvedRTPMaps.filter(\.isTelephoneEvent)
    }
}
