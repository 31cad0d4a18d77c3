/// The one error the SDP target throws: a session description that cannot be parsed, or an
/// RFC 3264 offer/answer exchange that cannot succeed.
///
/// The SIP layer turns it into a response without knowing SDP: `sipStatus` is the status code a
/// UAS answers the request with, and `warningCode`/`warningText` fill the RFC 3261 §20.43
/// Warning header (`Warning: 305 herald.example.com "Incompatible media format"`). They are plain
/// integers and strings because this target must not import SIP types.
public enum SDPError: Error, Sendable, Hashable {
    /// The text is not a session description per RFC 8866 §9; `line` is 1-based and counts every
    /// physical line of the input, blank ones included, so it matches what an editor shows.
    case syntax(line: Int, reason: String)

    /// RFC 3264 §6 / §7: the offer has no stream we can accept, or the answer breaks the rules of
    /// the exchange. A UAS answers such an offer with 488 (Not Acceptable Here).
    case notAcceptable(NotAcceptableReason)

    /// The SIP status a UAS should answer with: 400 for a body that does not parse, 488 for an
    /// offer it cannot accept (RFC 3261 §21.4.26).
    public var sipStatus: Int {
        switch self {
        case .syntax: 400
        case .notAcceptable: 488
        }
    }

    /// The RFC 3261 §20.43 warning code for the Warning header.
    public var warningCode: Int {
        switch self {
        case .syntax: Warning.miscellaneous.rawValue
        case .notAcceptable(let reason): reason.warning.rawValue
        }
    }

    /// The quoted warning text for the Warning header: says what was wrong, never any key material.
    public var warningText: String {
        switch self {
        case .syntax(let line, let reason): "SDP line \(line): \(reason)"
        case .notAcceptable(let reason): reason.text
        }
    }
}

extension SDPError {
    /// RFC 3261 §20.43 warning codes about session descriptions (3xx).
    public enum Warning: Int, Sendable, Hashable, CaseIterable {
        /// 300: none of the offered network protocols (the `IN` of `c=`) is available.
        case incompatibleNetworkProtocol = 300
        /// 301: none of the offered address formats (`IP4`, `IP6`) is available.
        case incompatibleNetworkAddressFormats = 301
        /// 302: none of the offered transport protocols (`RTP/AVP`, `RTP/SAVP`, `udptl`) is available.
        case incompatibleTransportProtocol = 302
        /// 303: a bandwidth measurement unit was not understood.
        case incompatibleBandwidthUnits = 303
        /// 304: none of the offered media types (`audio`, `video`, `image`) is available.
        case mediaTypeNotAvailable = 304
        /// 305: none of the offered media formats (codecs) is available.
        case incompatibleMediaFormat = 305
        /// 306: an attribute was not understood.
        case attributeNotUnderstood = 306
        /// 307: a session description parameter other than those above was not understood.
        case sessionDescriptionParameterNotUnderstood = 307
        /// 330: multicast is not available.
        case multicastNotAvailable = 330
        /// 331: unicast is not available.
        case unicastNotAvailable = 331
        /// 370: the bandwidth asked for exceeds what is available.
        case insufficientBandwidth = 370
        /// 399: anything else.
        case miscellaneous = 399
    }

    /// Why an offer or answer is not acceptable: the warning code to send and a short human text.
    public struct NotAcceptableReason: Sendable, Hashable {
        /// The RFC 3261 §20.43 warning that best describes the failure.
        public var warning: Warning
        /// A short explanation for the Warning header and the logs.
        public var text: String

        /// Creates a reason from a warning code and its explanation.
        public init(_ warning: Warning, _ text: String) {
            self.warning = warning
            self.text = text
        }
    }
}

extension SDPError {
    static func syntax(_ line: Int, _ reason: String) -> SDPError {
        .syntax(line: line, reason: reason)
    }

    static func notAcceptable(_ warning: Warning, _ text: String) -> SDPError {
        .notAcceptable(NotAcceptableReason(warning, text))
    }
}
