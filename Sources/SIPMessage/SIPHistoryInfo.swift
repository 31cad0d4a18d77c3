/// One History-Info entry (RFC 7044 §4): a target the request was sent to, its index in the retargeting tree,
/// and why it was retargeted (a Reason header embedded in the URI, or the RFC 4458 `cause` URI parameter).
public struct SIPHistoryInfo: Sendable, Equatable, CustomStringConvertible {
    /// The targeted-to URI and the entry's parameters (`index`, `rc`, `mp`, `np`).
    public var address: NameAddress

    /// Creates an entry.
    public init(_ address: NameAddress) { self.address = address }

    /// The targeted-to URI.
    public var uri: SIPURI { address.uri }

    /// The `index` as its dotted components (`1.1.2` → [1, 1, 2]); nil if absent or malformed.
    public var index: [Int]? {
        guard let text = address.parameters.unquotedValue("index") else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.compactMap { $0 }
    }

    /// The `index` as written.
    public var indexText: String? { address.parameters.unquotedValue("index") }

    /// `rc`: the index of the entry this one was retargeted from by a change of Request-URI (RFC 7044 §4.2.1).
    public var rc: String? { address.parameters.unquotedValue("rc") }
    /// `mp`: the index of the entry this one was retargeted from by a diversion to a new user (RFC 7044 §4.2.1).
    public var mp: String? { address.parameters.unquotedValue("mp") }
    /// `np`: no change of target (RFC 7044 §4.2.1).
    public var np: String? { address.parameters.unquotedValue("np") }

    /// The Reason header embedded in the URI (`?Reason=SIP%3Bcause%3D486`), decoded.
    public var reason: SIPReason? {
        guard let header = address.uri.headers.first(where: { SIPParameters.equalNames($0.name, "Reason") }),
              let decoded = SIPEscaping.unescape(header.value) else { return nil }
        return try? ByteScanner.scan(Substring(decoded), header: "Reason") { (s) throws(SIPMessageError) in try SIPReason.parse(&s) }
    }

    /// The retargeting cause: the SIP cause of the embedded Reason, else the RFC 4458 `cause` URI parameter
    /// (302 unconditional, 486 busy, 408 no answer, 480 unavailable, 487 deflection, 404 unknown).
    public var cause: Int? {
        if let reason, reason.protocolName.uppercased() == "SIP", let cause = reason.cause { return cause }
        return (address.uri.parameters["cause"] ?? nil).flatMap { Int($0) }
    }

    /// The serialized value.
    public var description: String { address.serialized }
}
