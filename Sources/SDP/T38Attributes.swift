/// ITU-T T.38 Annex D SDP attributes of a fax relay stream, `m=image <port> udptl t38`
/// (media type `image/t38`, registered by RFC 3362).
///
/// ```
/// m=image 49170 udptl t38
/// a=T38FaxVersion:0
/// a=T38MaxBitRate:14400
/// a=T38FaxFillBitRemoval            (boolean: present means true; ":1"/":0" also accepted)
/// a=T38FaxRateManagement:transferredTCF
/// a=T38FaxMaxBuffer:1800
/// a=T38FaxMaxDatagram:400
/// a=T38FaxUdpEC:t38UDPRedundancy
/// ```
/// Attribute names are matched without regard to case because deployed gateways write
/// `T38MaxBitrate` and `T38FaxUdpEc`. Attributes this type does not model (`T38FaxMaxIFP`,
/// `T38VendorInfo` …) stay in the media description untouched.
public struct T38Attributes: Sendable, Hashable {
    /// `T38FaxVersion`: the T.38 version, 0 when absent. Versions do not interoperate, so the
    /// answer carries the lower of the two.
    public var version: Int?
    /// `T38MaxBitRate`: the highest fax bit rate in bit/s, such as 14400.
    public var maxBitRate: Int?
    /// `T38FaxFillBitRemoval`: fill bits may be removed from and reinserted into non-ECM data.
    public var fillBitRemoval: Bool
    /// `T38FaxTranscodingMMR`: MMR transcoding is supported.
    public var transcodingMMR: Bool
    /// `T38FaxTranscodingJBIG`: JBIG transcoding is supported.
    public var transcodingJBIG: Bool
    /// `T38FaxRateManagement`: how the training check (TCF) is carried.
    public var rateManagement: RateManagement?
    /// `T38FaxMaxBuffer`: the writer's receive buffer in bytes. Declarative, not negotiated.
    public var maxBuffer: Int?
    /// `T38FaxMaxDatagram`: the largest UDPTL datagram the writer accepts, in bytes. Declarative.
    public var maxDatagram: Int?
    /// `T38FaxUdpEC`: the UDP error correction scheme.
    public var errorCorrection: ErrorCorrection?

    /// Creates T.38 attributes.
    public init(
        version: Int? = nil, maxBitRate: Int? = nil, fillBitRemoval: Bool = false,
        transcodingMMR: Bool = false, transcodingJBIG: Bool = false,
        rateManagement: RateManagement? = nil, maxBuffer: Int? = nil, maxDatagram: Int? = nil,
        errorCorrection: ErrorCorrection? = nil
    ) {
        self.version = version
        self.maxBitRate = maxBitRate
        self.fillBitRemoval = fillBitRemoval
        self.transcodingMMR = transcodingMMR
        self.transcodingJBIG = transcodingJBIG
        self.rateManagement = rateManagement
        self.maxBuffer = maxBuffer
        self.maxDatagram = maxDatagram
        self.errorCorrection = errorCorrection
    }

    /// Reads the T.38 attributes out of a media description's attributes; malformed values read as
    /// absent.
    public init(attributes: [SDPAttribute]) {
        func integer(_ name: String) -> Int? {
            attributes.first(named: name)?.value.flatMap { parseInt($0.trimmingWhitespace) }
        }
        func boolean(_ name: String) -> Bool {
            guard let attribute = attributes.first(named: name) else { return false }
            // Bare means true (T.38 Annex D); ":0" is how some gateways write false.
            return attribute.value.map { $0.trimmingWhitespace != "0" } ?? true
        }
        self.init(
            version: integer("T38FaxVersion"),
            maxBitRate: integer("T38MaxBitRate"),
            fillBitRemoval: boolean("T38FaxFillBitRemoval"),
            transcodingMMR: boolean("T38FaxTranscodingMMR"),
            transcodingJBIG: boolean("T38FaxTranscodingJBIG"),
            rateManagement: attributes.first(named: "T38FaxRateManagement")?.value.flatMap(RateManagement.init(name:)),
            maxBuffer: integer("T38FaxMaxBuffer"),
            maxDatagram: integer("T38FaxMaxDatagram"),
            errorCorrection: attributes.first(named: "T38FaxUdpEC")?.value.flatMap(ErrorCorrection.init(name:)))
    }

    /// The attributes in the order T.38 Annex D lists them; booleans are written bare when true and
    /// left out when false.
    public var attributes: [SDPAttribute] {
        var list: [SDPAttribute] = []
        if let version { list.append(SDPAttribute(name: "T38FaxVersion", value: String(version))) }
        if let maxBitRate { list.append(SDPAttribute(name: "T38MaxBitRate", value: String(maxBitRate))) }
        if fillBitRemoval { list.append(SDPAttribute(name: "T38FaxFillBitRemoval")) }
        if transcodingMMR { list.append(SDPAttribute(name: "T38FaxTranscodingMMR")) }
        if transcodingJBIG { list.append(SDPAttribute(name: "T38FaxTranscodingJBIG")) }
        if let rateManagement { list.append(SDPAttribute(name: "T38FaxRateManagement", value: rateManagement.rawValue)) }
        if let maxBuffer { list.append(SDPAttribute(name: "T38FaxMaxBuffer", value: String(maxBuffer))) }
        if let maxDatagram { list.append(SDPAttribute(name: "T38FaxMaxDatagram", value: String(maxDatagram))) }
        if let errorCorrection { list.append(SDPAttribute(name: "T38FaxUdpEC", value: errorCorrection.rawValue)) }
        return list
    }

    /// T.38 Annex D offer/answer: the attributes to answer `offer` with, where `self` is what we
    /// support.
    ///
    /// - The version and the bit rate are the lower of the two.
    /// - Fill bit removal, MMR and JBIG transcoding are on only when both sides have them.
    /// - Rate management is the offer's, which the answer must not change; an offer that leaves
    ///   it out gets `transferredTCF`, the method T.38 recommends over UDP.
    /// - Error correction may only be downgraded: FEC to redundancy, either to none.
    /// - The buffer and datagram sizes are ours: each side states its own.
    public func answering(_ offer: T38Attributes) -> T38Attributes {
        T38Attributes(
            version: min(offer.version ?? 0, version ?? 0),
            maxBitRate: [offer.maxBitRate, maxBitRate].compactMap(\.self).min(),
            fillBitRemoval: offer.fillBitRemoval && fillBitRemoval,
            transcodingMMR: offer.transcodingMMR && transcodingMMR,
            transcodingJBIG: offer.transcodingJBIG && transcodingJBIG,
            rateManagement: offer.rateManagement ?? rateManagement ?? .transferredTCF,
            maxBuffer: maxBuffer,
            maxDatagram: maxDatagram,
            errorCorrection: ErrorCorrection.weaker(offer.errorCorrection, errorCorrection))
    }

    /// `T38FaxRateManagement`: how the training check (TCF) is handled.
    public enum RateManagement: String, Sendable, Hashable, CaseIterable {
        /// The receiving gateway generates TCF locally; required over TCP.
        case localTCF
        /// TCF is sent through the network; recommended over UDP.
        case transferredTCF

        init?(name: String) {
            guard let match = Self.allCases.first(where: { name.trimmingWhitespace.caseInsensitiveEquals($0.rawValue) }) else {
                return nil
            }
            self = match
        }
    }

    /// `T38FaxUdpEC`: how UDPTL recovers lost packets.
    public enum ErrorCorrection: String, Sendable, Hashable, CaseIterable {
        /// Each datagram repeats earlier IFP packets.
        case t38UDPRedundancy
        /// Forward error correction over groups of datagrams.
        case t38UDPFEC

        init?(name: String) {
            guard let match = Self.allCases.first(where: { name.trimmingWhitespace.caseInsensitiveEquals($0.rawValue) }) else {
                return nil
            }
            self = match
        }

        /// The weaker of two schemes, where none < redundancy < FEC.
        static func weaker(_ lhs: ErrorCorrection?, _ rhs: ErrorCorrection?) -> ErrorCorrection? {
            guard let lhs, let rhs else { return nil }
            return lhs == .t38UDPFEC && rhs == .t38UDPFEC ? .t38UDPFEC : .t38UDPRedundancy
        }
    }
}
