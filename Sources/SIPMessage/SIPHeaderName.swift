/// A header field name. Names compare case-insensitively and compact forms (RFC 3261 §7.3.3, RFC 3515,
/// RFC 4028, RFC 6665) expand to their long form, so `v`, `VIA` and `Via` are one name.
public struct SIPHeaderName: Sendable, Hashable, CustomStringConvertible {
    /// The name as it is written when Herald generates the header (`Call-ID`, `WWW-Authenticate`).
    public let canonical: String
    /// The lower-cased long name, the identity used for comparison.
    let key: String

    /// Creates a name from any spelling: known names (and compact forms) map to their canonical form.
    public init(_ name: String) {
        let lower = name.lowercased()
        if let known = SIPHeaderName.known[lower] {
            self = known
        } else {
            self.canonical = name
            self.key = lower
        }
    }

    private init(canonical: String) {
        self.canonical = canonical
        self.key = canonical.lowercased()
    }

    /// The canonical spelling.
    public var description: String { canonical }

    /// The compact form RFC 3261 §7.3.3 and later RFCs define for this name, if any.
    public var compactForm: Character? {
        SIPHeaderName.compactForms.first { $0.value == self }.map(\.key).flatMap(\.first)
    }

    public static func == (a: SIPHeaderName, b: SIPHeaderName) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// `Accept` (RFC 3261 §20.1).
    public static let accept = SIPHeaderName(canonical: "Accept")
    /// `Accept-Encoding`.
    public static let acceptEncoding = SIPHeaderName(canonical: "Accept-Encoding")
    /// `Accept-Language`.
    public static let acceptLanguage = SIPHeaderName(canonical: "Accept-Language")
    /// `Alert-Info`.
    public static let alertInfo = SIPHeaderName(canonical: "Alert-Info")
    /// `Allow` (RFC 3261 §20.5).
    public static let allow = SIPHeaderName(canonical: "Allow")
    /// `Allow-Events` (RFC 6665), compact `u`.
    public static let allowEvents = SIPHeaderName(canonical: "Allow-Events")
    /// `Authentication-Info`.
    public static let authenticationInfo = SIPHeaderName(canonical: "Authentication-Info")
    /// `Authorization` (RFC 3261 §20.7).
    public static let authorization = SIPHeaderName(canonical: "Authorization")
    /// `Call-ID`, compact `i`.
    public static let callID = SIPHeaderName(canonical: "Call-ID")
    /// `Call-Info`.
    public static let callInfo = SIPHeaderName(canonical: "Call-Info")
    /// `Contact`, compact `m`.
    public static let contact = SIPHeaderName(canonical: "Contact")
    /// `Content-Disposition`.
    public static let contentDisposition = SIPHeaderName(canonical: "Content-Disposition")
    /// `Content-Encoding`, compact `e`.
    public static let contentEncoding = SIPHeaderName(canonical: "Content-Encoding")
    /// `Content-Language`.
    public static let contentLanguage = SIPHeaderName(canonical: "Content-Language")
    /// `Content-Length`, compact `l`.
    public static let contentLength = SIPHeaderName(canonical: "Content-Length")
    /// `Content-Type`, compact `c`.
    public static let contentType = SIPHeaderName(canonical: "Content-Type")
    /// `CSeq`.
    public static let cseq = SIPHeaderName(canonical: "CSeq")
    /// `Date`.
    public static let date = SIPHeaderName(canonical: "Date")
    /// `Diversion` (RFC 5806).
    public static let diversion = SIPHeaderName(canonical: "Diversion")
    /// `Error-Info`.
    public static let errorInfo = SIPHeaderName(canonical: "Error-Info")
    /// `Event` (RFC 6665), compact `o`.
    public static let event = SIPHeaderName(canonical: "Event")
    /// `Expires`.
    public static let expires = SIPHeaderName(canonical: "Expires")
    /// `From`, compact `f`.
    public static let from = SIPHeaderName(canonical: "From")
    /// `History-Info` (RFC 7044).
    public static let historyInfo = SIPHeaderName(canonical: "History-Info")
    /// `In-Reply-To`.
    public static let inReplyTo = SIPHeaderName(canonical: "In-Reply-To")
    /// `Max-Forwards`.
    public static let maxForwards = SIPHeaderName(canonical: "Max-Forwards")
    /// `Min-Expires`.
    public static let minExpires = SIPHeaderName(canonical: "Min-Expires")
    /// `Min-SE` (RFC 4028).
    public static let minSE = SIPHeaderName(canonical: "Min-SE")
    /// `MIME-Version`.
    public static let mimeVersion = SIPHeaderName(canonical: "MIME-Version")
    /// `Organization`.
    public static let organization = SIPHeaderName(canonical: "Organization")
    /// `P-Asserted-Identity` (RFC 3325).
    public static let pAssertedIdentity = SIPHeaderName(canonical: "P-Asserted-Identity")
    /// `P-Preferred-Identity` (RFC 3325).
    public static let pPreferredIdentity = SIPHeaderName(canonical: "P-Preferred-Identity")
    /// `Priority`.
    public static let priority = SIPHeaderName(canonical: "Priority")
    /// `Privacy` (RFC 3323).
    public static let privacy = SIPHeaderName(canonical: "Privacy")
    /// `Proxy-Authenticate`.
    public static let proxyAuthenticate = SIPHeaderName(canonical: "Proxy-Authenticate")
    /// `Proxy-Authorization`.
    public static let proxyAuthorization = SIPHeaderName(canonical: "Proxy-Authorization")
    /// `Proxy-Require`.
    public static let proxyRequire = SIPHeaderName(canonical: "Proxy-Require")
    /// `RAck` (RFC 3262).
    public static let rack = SIPHeaderName(canonical: "RAck")
    /// `Reason` (RFC 3326).
    public static let reason = SIPHeaderName(canonical: "Reason")
    /// `Record-Route`.
    public static let recordRoute = SIPHeaderName(canonical: "Record-Route")
    /// `Refer-To` (RFC 3515), compact `r`.
    public static let referTo = SIPHeaderName(canonical: "Refer-To")
    /// `Referred-By` (RFC 3892), compact `b`.
    public static let referredBy = SIPHeaderName(canonical: "Referred-By")
    /// `Remote-Party-ID` (draft-ietf-sip-privacy, still sent by PBXs).
    public static let remotePartyID = SIPHeaderName(canonical: "Remote-Party-ID")
    /// `Replaces` (RFC 3891).
    public static let replaces = SIPHeaderName(canonical: "Replaces")
    /// `Reply-To`.
    public static let replyTo = SIPHeaderName(canonical: "Reply-To")
    /// `Require`.
    public static let require = SIPHeaderName(canonical: "Require")
    /// `Retry-After`.
    public static let retryAfter = SIPHeaderName(canonical: "Retry-After")
    /// `Route`.
    public static let route = SIPHeaderName(canonical: "Route")
    /// `RSeq` (RFC 3262).
    public static let rseq = SIPHeaderName(canonical: "RSeq")
    /// `Server`.
    public static let server = SIPHeaderName(canonical: "Server")
    /// `Session-Expires` (RFC 4028), compact `x`.
    public static let sessionExpires = SIPHeaderName(canonical: "Session-Expires")
    /// `Subject`, compact `s`.
    public static let subject = SIPHeaderName(canonical: "Subject")
    /// `Subscription-State` (RFC 6665).
    public static let subscriptionState = SIPHeaderName(canonical: "Subscription-State")
    /// `Supported`, compact `k`.
    public static let supported = SIPHeaderName(canonical: "Supported")
    /// `Timestamp`.
    public static let timestamp = SIPHeaderName(canonical: "Timestamp")
    /// `To`, compact `t`.
    public static let to = SIPHeaderName(canonical: "To")
    /// `Unsupported`.
    public static let unsupported = SIPHeaderName(canonical: "Unsupported")
    /// `User-Agent`.
    public static let userAgent = SIPHeaderName(canonical: "User-Agent")
    /// `Via`, compact `v`.
    public static let via = SIPHeaderName(canonical: "Via")
    /// `Warning`.
    public static let warning = SIPHeaderName(canonical: "Warning")
    /// `WWW-Authenticate`.
    public static let wwwAuthenticate = SIPHeaderName(canonical: "WWW-Authenticate")

    /// Compact forms: RFC 3261 §7.3.3 plus RFC 3515 (r), RFC 3892 (b), RFC 4028 (x), RFC 6665 (o, u),
    /// RFC 3841 (a, j, d), RFC 8224 (y), RFC 4474 (n).
    static let compactForms: [String: SIPHeaderName] = [
        "i": .callID, "m": .contact, "e": .contentEncoding, "l": .contentLength, "c": .contentType,
        "f": .from, "s": .subject, "k": .supported, "t": .to, "v": .via, "o": .event, "u": .allowEvents,
        "r": .referTo, "b": .referredBy, "x": .sessionExpires,
        "a": SIPHeaderName(canonical: "Accept-Contact"), "j": SIPHeaderName(canonical: "Reject-Contact"),
        "d": SIPHeaderName(canonical: "Request-Disposition"), "y": SIPHeaderName(canonical: "Identity"),
        "n": SIPHeaderName(canonical: "Identity-Info"),
    ]

    static let all: [SIPHeaderName] = [
        .accept, .acceptEncoding, .acceptLanguage, .alertInfo, .allow, .allowEvents, .authenticationInfo,
        .authorization, .callID, .callInfo, .contact, .contentDisposition, .contentEncoding, .contentLanguage,
        .contentLength, .contentType, .cseq, .date, .diversion, .errorInfo, .event, .expires, .from, .historyInfo,
        .inReplyTo, .maxForwards, .minExpires, .minSE, .mimeVersion, .organization, .pAssertedIdentity,
        .pPreferredIdentity, .priority, .privacy, .proxyAuthenticate, .proxyAuthorization, .proxyRequire, .rack,
        .reason, .recordRoute, .referTo, .referredBy, .remotePartyID, .replaces, .replyTo, .require, .retryAfter,
        .route, .rseq, .server, .sessionExpires, .subject, .subscriptionState, .supported, .timestamp, .to,
        .unsupported, .userAgent, .via, .warning, .wwwAuthenticate,
    ]

    /// Every known spelling (lower-cased long and compact forms) to its name.
    static let known: [String: SIPHeaderName] = {
        var table: [String: SIPHeaderName] = [:]
        for name in all { table[name.key] = name }
        for (compact, name) in compactForms {
            table[compact] = name
            table[name.key] = name
        }
        return table
    }()

    /// Headers that may appear at most once and whose value is not a comma-separated list (RFC 3261 §7.3.1).
    static let singleValued: Set<SIPHeaderName> = [
        .callID, .cseq, .from, .to, .maxForwards, .contentLength, .contentType, .expires, .minExpires,
        .sessionExpires, .minSE, .subscriptionState, .referTo, .referredBy, .replaces, .rack, .rseq,
        .event, .mimeVersion, .date, .timestamp, .retryAfter, .priority, .replyTo, .organization, .subject,
    ]
}
