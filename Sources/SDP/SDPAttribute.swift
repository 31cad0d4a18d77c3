/// RFC 8866 §5.13 attribute (`a=`), at session or media level: `a=<name>` (a property attribute)
/// or `a=<name>:<value>`.
///
/// Every attribute is kept as written and in order, so attributes this target does not interpret
/// survive a parse/serialize round trip. Typed views (`RTPMap`, `CryptoAttribute`, `T38Attributes`
/// …) are read from and written to these values.
public struct SDPAttribute: Sendable, Hashable {
    /// The attribute name (a token), such as `rtpmap` or `sendrecv`, in the case it was written.
    public var name: String
    /// The value after the colon; `nil` for a property attribute. An empty string is a value
    /// attribute with an empty value (`a=name:`), which is not the same thing.
    public var value: String?

    /// Creates an attribute.
    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// Whether the attribute has this name. Names are compared without regard to case because
    /// deployed T.38 stacks disagree on it (`T38MaxBitRate`, `T38MaxBitrate`).
    public func hasName(_ name: String) -> Bool {
        self.name.caseInsensitiveEquals(name)
    }
}

extension SDPAttribute {
    /// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`.
    public static func rtpmap(_ map: RTPMap) -> SDPAttribute {
        SDPAttribute(name: "rtpmap", value: map.attributeValue)
    }

    /// `a=fmtp:<format> <format specific parameters>`.
    public static func fmtp(_ parameters: FormatParameters) -> SDPAttribute {
        SDPAttribute(name: "fmtp", value: parameters.attributeValue)
    }

    /// `a=ptime:<packet time>` in milliseconds (RFC 8866 §6.4).
    public static func ptime(_ milliseconds: Int) -> SDPAttribute {
        SDPAttribute(name: "ptime", value: String(milliseconds))
    }

    /// `a=maxptime:<maximum packet time>` in milliseconds (RFC 8866 §6.5).
    public static func maxptime(_ milliseconds: Int) -> SDPAttribute {
        SDPAttribute(name: "maxptime", value: String(milliseconds))
    }

    /// `a=sendrecv`, `a=sendonly`, `a=recvonly` or `a=inactive` (RFC 8866 §6.7).
    public static func direction(_ direction: MediaDirection) -> SDPAttribute {
        SDPAttribute(name: direction.rawValue)
    }

    /// `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605).
    public static func rtcp(_ rtcp: RTCPAttribute) -> SDPAttribute {
        SDPAttribute(name: "rtcp", value: rtcp.attributeValue)
    }

    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    public static let rtcpMux = SDPAttribute(name: "rtcp-mux")

    /// `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]` (RFC 4568 §9.1).
    public static func crypto(_ crypto: CryptoAttribute) -> SDPAttribute {
        SDPAttribute(name: "crypto", value: crypto.attributeValue)
    }
}

extension [SDPAttribute] {
    /// The first attribute with this name, compared without regard to case.
    func first(named name: String) -> SDPAttribute? {
        first { $0.hasName(name) }
    }

    /// The values of every attribute with this name, in order.
    func values(named name: String) -> [String] {
        compactMap { $0.hasName(name) ? $0.value : nil }
    }

    /// Whether an attribute with this name is present.
    func contains(named name: String) -> Bool {
        contains { $0.hasName(name) }
    }

    /// The direction attribute in this list, if any; the last one wins as RFC 8866 gives no rule
    /// and a repeated direction is a sender bug either way.
    var direction: MediaDirection? {
        last { MediaDirection(attributeName: $0.name) != nil && $0.value == nil }
            .flatMap { MediaDirection(attributeName: $0.name) }
    }
}
