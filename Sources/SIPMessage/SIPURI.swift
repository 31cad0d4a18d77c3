/// A SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI carried opaquely.
///
/// Components are kept as written (escapes included) so that a URI nobody changed serializes to the same text;
/// `decodedUser` gives the unescaped user. Equivalence by the rules of RFC 3261 §19.1.4 is `isEquivalent(to:)`.
public struct SIPURI: Sendable, Equatable, CustomStringConvertible {
    /// The URI scheme; scheme names are case-insensitive and stored lower-cased.
    public enum Scheme: Sendable, Equatable, CustomStringConvertible {
        /// `sip:` (RFC 3261 §19.1).
        case sip
        /// `sips:` (RFC 3261 §19.1), which asks for TLS on every hop.
        case sips
        /// `tel:` (RFC 3966).
        case tel
        /// Any other scheme, carried opaquely (an element answers 416 to it in a Request-URI).
        case other(String)

        /// The scheme name.
        public var description: String {
            switch self {
            case .sip: "sip"
            case .sips: "sips"
            case .tel: "tel"
            case .other(let name): name
            }
        }

        init(name: String) {
            switch name.lowercased() {
            case "sip": self = .sip
            case "sips": self = .sips
            case "tel": self = .tel
            case let other: self = .other(other)
            }
        }
    }

    /// One `?name=value` header of a SIP URI (RFC 3261 §19.1.1), as written.
    public struct Header: Sendable, Equatable {
        /// The header name, escaped as written.
        public var name: String
        /// The header value, escaped as written.
        public var value: String
    }

    /// The scheme.
    public var scheme: Scheme
    /// The user part as written (percent-escapes kept); for a tel URI, the telephone number.
    public var user: String?
    /// The password part as written (deprecated by RFC 3261 but still parsed).
    public var password: String?
    /// The host: a hostname, IPv4 address or bracketed IPv6 reference; empty for tel and other schemes.
    public var host: String
    /// The port, if written.
    public var port: Int?
    /// URI parameters (`;transport=tcp;lr`), or tel URI parameters (`;phone-context=…`).
    public var parameters: SIPParameters
    /// URI headers (`?Replaces=…&Subject=…`).
    public var headers: [Header]
    /// For other schemes, everything after `scheme:`.
    public var opaque: String?

    /// Creates a SIP URI; `user` is given unescaped and is escaped as RFC 3261 requires.
    public init(
        scheme: Scheme = .sip, user: String? = nil, host: String, port: Int? = nil,
        parameters: SIPParameters = SIPParameters(), headers: [Header] = []
    ) {
        self.scheme = scheme
        self.user = user.map(SIPEscaping.escapeUser)
        self.password = nil
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
        self.opaque = nil
    }

    /// Creates a tel URI (RFC 3966) for a number such as `+14085551234` or a local `4000` with a phone-context.
    public init(telephoneNumber: String, parameters: SIPParameters = SIPParameters()) {
        self.scheme = .tel
        self.user = telephoneNumber
        self.password = nil
        self.host = ""
        self.port = nil
        self.parameters = parameters
        self.headers = []
        self.opaque = nil
    }

    init(scheme: Scheme, opaque: String) {
        self.scheme = scheme
        self.user = nil
        self.password = nil
        self.host = ""
        self.port = nil
        self.parameters = SIPParameters()
        self.headers = []
        self.opaque = opaque
    }

    /// The user part with percent-escapes decoded.
    public var decodedUser: String? { user.flatMap { SIPEscaping.unescape($0) } }

    /// The host without the brackets of an IPv6 reference.
    public var hostWithoutBrackets: Substring {
        host.hasPrefix("[") && host.hasSuffix("]") ? host.dropFirst().dropLast() : Substring(host)
    }

    /// The `transport` parameter, lower-cased.
    public var transport: String? { (parameters["transport"] ?? nil)?.lowercased() }

    /// Whether the URI carries `;lr` (a loose router, RFC 3261 §16.12.1.1).
    public var isLooseRouter: Bool { parameters.contains("lr") }

    /// `user=phone` (RFC 3261 §19.1.1): the user part is a telephone number.
    public var isPhoneUser: Bool { (parameters["user"] ?? nil)?.lowercased() == "phone" }

    /// The number this URI names when it is a telephone-style identity: the tel number or the SIP user,
    /// with visual separators removed (RFC 3966 §5.1.1), e.g. `+1-201-555-0123` → `+12015550123`.
    public var telephoneNumber: String? {
        guard let raw = scheme == .tel ? user : decodedUser else { return nil }
        let digits = raw.prefix { $0 != ";" }.filter { !"-.()".contains($0) }
        return digits.isEmpty ? nil : String(digits)
    }

    /// The URI as text.
    public var description: String { serialized }
}
