/// Typed access to the headers a UM server lives on. Each accessor parses on demand and throws a located
/// `SIPMessageError` when the value is malformed; absent optional headers give nil or an empty list.
extension SIPHeaders {
    /// Parses every field named `name` with `parse`, attaching the field's line to any error.
    func parseEach<T>(
        _ name: SIPHeaderName, _ parse: (inout ByteScanner) throws(SIPMessageError) -> T
    ) throws(SIPMessageError) -> [T] {
        var out: [T] = []
        try forEach(named: name) { (field) throws(SIPMessageError) in out.append(try ByteScanner.scan(field, parse)) }
        return out
    }

    /// Parses every element of a comma-separated list header, across repeated fields.
    func parseList<T>(
        _ name: SIPHeaderName, _ element: (inout ByteScanner) throws(SIPMessageError) -> T
    ) throws(SIPMessageError) -> [T] {
        var out: [T] = []
        try forEach(named: name) { (field) throws(SIPMessageError) in
            try ByteScanner.scan(field) { (s) throws(SIPMessageError) in
                try s.commaSeparated { (s) throws(SIPMessageError) in out.append(try element(&s)) }
            }
        }
        return out
    }

    /// The single field named `name`, parsed; nil when absent; an error when repeated.
    func parseSingle<T>(
        _ name: SIPHeaderName, _ parse: (inout ByteScanner) throws(SIPMessageError) -> T
    ) throws(SIPMessageError) -> T? {
        var result: T?
        var seen = false
        try forEach(named: name) { (field) throws(SIPMessageError) in
            if seen {
                throw SIPMessageError(.repeatedHeader, "\(name.canonical) appears more than once", line: field.lineNumber, header: name.canonical)
            }
            seen = true
            result = try ByteScanner.scan(field, parse)
        }
        return result
    }

    func required<T>(_ name: SIPHeaderName, _ value: T?) throws(SIPMessageError) -> T {
        guard let value else { throw SIPMessageError(.missingHeader, "missing \(name.canonical) header", header: name.canonical) }
        return value
    }

    /// All name-addrs of a list header, across repeated fields.
    func nameAddressList(_ name: SIPHeaderName) throws(SIPMessageError) -> [NameAddress] {
        try parseList(name) { (s) throws(SIPMessageError) in try NameAddress.parse(&s, inList: true) }
    }

    /// All tokens of a comma-separated token list header (Allow, Supported, Require …).
    func tokenList(_ name: SIPHeaderName) throws(SIPMessageError) -> [String] {
        try parseList(name) { (s) throws(SIPMessageError) in try s.token("token") }
    }

    func singleNameAddress(_ name: SIPHeaderName) throws(SIPMessageError) -> NameAddress? {
        try parseSingle(name) { (s) throws(SIPMessageError) in
            let value = try NameAddress.parse(&s, inList: false)
            try s.expectEnd()
            return value
        }
    }

    func singleNumber(_ name: SIPHeaderName, maxDigits: Int = 10) throws(SIPMessageError) -> UInt64? {
        try parseSingle(name) { (s) throws(SIPMessageError) in
            s.skipLWS()
            let n = try s.number(name.canonical, maxDigits: maxDigits)
            try s.expectEnd()
            return n
        }
    }

    // MARK: - RFC 3261 core

    /// Via values, topmost first (RFC 3261 §20.42).
    public var via: [SIPVia] {
        get throws(SIPMessageError) { try parseList(.via) { (s) throws(SIPMessageError) in try SIPVia.parse(&s) } }
    }

    /// The topmost Via, which names the hop a response goes back to.
    public var topVia: SIPVia {
        get throws(SIPMessageError) {
            guard let field = first(.via) else { throw SIPMessageError(.missingHeader, "missing Via header", header: "Via") }
            return try ByteScanner.scan(field) { (s) throws(SIPMessageError) in
                s.skipLWS()
                return try SIPVia.parse(&s)
            }
        }
    }

    /// The From header (RFC 3261 §20.20).
    public var from: NameAddress {
        get throws(SIPMessageError) { try required(.from, try singleNameAddress(.from)) }
    }

    /// The To header (RFC 3261 §20.39).
    public var to: NameAddress {
        get throws(SIPMessageError) { try required(.to, try singleNameAddress(.to)) }
    }

    /// The Call-ID (RFC 3261 §20.8).
    public var callID: String {
        get throws(SIPMessageError) {
            let value = try parseSingle(.callID) { (s) throws(SIPMessageError) in
                s.skipLWS()
                let id = try s.callID()
                try s.expectEnd()
                return id
            }
            return try required(.callID, value)
        }
    }

    /// The CSeq (RFC 3261 §20.16).
    public var cseq: SIPCSeq {
        get throws(SIPMessageError) { try required(.cseq, try parseSingle(.cseq) { (s) throws(SIPMessageError) in try SIPCSeq.parse(&s) }) }
    }

    /// Max-Forwards (RFC 3261 §20.22), 0–255; nil when absent.
    public var maxForwards: Int? {
        get throws(SIPMessageError) {
            guard let n = try singleNumber(.maxForwards, maxDigits: 3) else { return nil }
            guard n <= 255 else { throw SIPMessageError(.outOfRange, "Max-Forwards must be at most 255", header: "Max-Forwards") }
            return Int(n)
        }
    }

    /// Content-Length (RFC 3261 §20.14); nil when absent.
    public var contentLength: Int? {
        get throws(SIPMessageError) { try contentLengthValue() }
    }

    /// Content-Length, accepting the same value repeated (some gateways do) but not two different values.
    func contentLengthValue() throws(SIPMessageError) -> Int? {
        var value: Int?
        for field in self where field.name == .contentLength {
            let n = try ByteScanner.scan(field) { (s) throws(SIPMessageError) in
                s.skipLWS()
                let n = try s.number("Content-Length", maxDigits: 9)
                try s.expectEnd()
                return n
            }
            if let value, value != Int(n) {
                throw SIPMessageError(.repeatedHeader, "two different Content-Length values", line: field.lineNumber, header: "Content-Length")
            }
            value = Int(n)
        }
        return value
    }

    /// Content-Type (RFC 3261 §20.15); nil when absent.
    public var contentType: SIPMediaType? {
        get throws(SIPMessageError) {
            try parseSingle(.contentType) { (s) throws(SIPMessageError) in
                let type = try SIPMediaType.parse(&s)
                try s.expectEnd()
                return type
            }
        }
    }

    /// Contact (RFC 3261 §20.10); nil when absent.
    public var contact: SIPContact? {
        get throws(SIPMessageError) {
            let fields = all(.contact)
            guard !fields.isEmpty else { return nil }
            return try SIPContact.parse(fields)
        }
    }

    /// Route values in order (RFC 3261 §20.34).
    public var route: [NameAddress] { get throws(SIPMessageError) { try nameAddressList(.route) } }
    /// Record-Route values in order (RFC 3261 §20.30).
    public var recordRoute: [NameAddress] { get throws(SIPMessageError) { try nameAddressList(.recordRoute) } }
    /// Allow (RFC 3261 §20.5).
    public var allow: [String] { get throws(SIPMessageError) { try tokenList(.allow) } }
    /// Supported option tags (RFC 3261 §20.37).
    public var supported: [String] { get throws(SIPMessageError) { try tokenList(.supported) } }
    /// Require option tags (RFC 3261 §20.32).
    public var require: [String] { get throws(SIPMessageError) { try tokenList(.require) } }
    /// Proxy-Require option tags (RFC 3261 §20.29).
    public var proxyRequire: [String] { get throws(SIPMessageError) { try tokenList(.proxyRequire) } }
    /// Unsupported option tags (RFC 3261 §20.40).
    public var unsupported: [String] { get throws(SIPMessageError) { try tokenList(.unsupported) } }
    /// Allow-Events packages (RFC 6665).
    public var allowEvents: [String] { get throws(SIPMessageError) { try tokenList(.allowEvents) } }

    /// Expires in seconds (RFC 3261 §20.19); nil when absent.
    public var expires: Int? { get throws(SIPMessageError) { try singleNumber(.expires).map { Int($0) } } }

    /// Credentials or challenges of one of the four authentication headers, in order (RFC 3261 §22).
    public func authorizations(_ name: SIPHeaderName) throws(SIPMessageError) -> [SIPAuthorization] {
        try parseEach(name) { (s) throws(SIPMessageError) in try SIPAuthorization.parse(&s) }
    }

    // MARK: - Identity and diversion

    /// Diversion values, most recent diversion first (RFC 5806).
    public var diversion: [SIPDiversion] {
        get throws(SIPMessageError) { try nameAddressList(.diversion).map(SIPDiversion.init) }
    }

    /// History-Info entries in the order received (RFC 7044).
    public var historyInfo: [SIPHistoryInfo] {
        get throws(SIPMessageError) { try nameAddressList(.historyInfo).map(SIPHistoryInfo.init) }
    }

    /// P-Asserted-Identity values (RFC 3325): at most one SIP/SIPS and one tel URI.
    public var pAssertedIdentity: [NameAddress] { get throws(SIPMessageError) { try nameAddressList(.pAssertedIdentity) } }

    /// Remote-Party-ID values (draft-ietf-sip-privacy-04): `party`, `screen`, `privacy` parameters.
    public var remotePartyID: [NameAddress] { get throws(SIPMessageError) { try nameAddressList(.remotePartyID) } }

    /// Privacy values (RFC 3323 §4.2): `id`, `header`, `session`, `user`, `none`, `critical`; separated by ';'.
    public var privacy: [String] {
        get throws(SIPMessageError) {
            try parseEach(.privacy) { (s) throws(SIPMessageError) in
                var values: [String] = []
                s.skipLWS()
                while !s.isAtEnd {
                    values.append(try s.token("privacy value").lowercased())
                    s.skipLWS()
                    if s.isAtEnd { break }
                    try s.expect(UInt8(ascii: ";"), "';' between privacy values")
                }
                return values
            }.flatMap { $0 }
        }
    }

    // MARK: - Events, transfer, session timers

    /// Event (RFC 6665 §8.2.1); nil when absent.
    public var event: SIPEvent? {
        get throws(SIPMessageError) { try parseSingle(.event) { (s) throws(SIPMessageError) in try SIPEvent.parse(&s) } }
    }

    /// Subscription-State (RFC 6665 §8.2.3); nil when absent.
    public var subscriptionState: SIPSubscriptionState? {
        get throws(SIPMessageError) { try parseSingle(.subscriptionState) { (s) throws(SIPMessageError) in try SIPSubscriptionState.parse(&s) } }
    }

    /// Refer-To (RFC 3515 §2.1); nil when absent.
    public var referTo: NameAddress? { get throws(SIPMessageError) { try singleNameAddress(.referTo) } }

    /// Referred-By (RFC 3892); nil when absent.
    public var referredBy: NameAddress? { get throws(SIPMessageError) { try singleNameAddress(.referredBy) } }

    /// Replaces (RFC 3891); nil when absent.
    public var replaces: SIPReplaces? {
        get throws(SIPMessageError) { try parseSingle(.replaces) { (s) throws(SIPMessageError) in try SIPReplaces.parse(&s) } }
    }

    /// Session-Expires (RFC 4028 §4); nil when absent.
    public var sessionExpires: SIPSessionExpires? {
        get throws(SIPMessageError) { try parseSingle(.sessionExpires) { (s) throws(SIPMessageError) in try SIPSessionExpires.parse(&s) } }
    }

    /// Min-SE in seconds (RFC 4028 §5); nil when absent.
    public var minSE: Int? {
        get throws(SIPMessageError) {
            try parseSingle(.minSE) { (s) throws(SIPMessageError) in
                s.skipLWS()
                let n = try s.number("Min-SE", maxDigits: 10)
                _ = try s.parameters()
                try s.expectEnd()
                return Int(n)
            }
        }
    }

    /// Reason values (RFC 3326).
    public var reason: [SIPReason] {
        get throws(SIPMessageError) { try parseList(.reason) { (s) throws(SIPMessageError) in try SIPReason.parse(&s) } }
    }
}
