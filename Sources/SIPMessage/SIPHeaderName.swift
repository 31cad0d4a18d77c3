/// A header field name. Names compare case-insensitively and compact forms (RFC 3261 §7.3.3, RFC 3515,
/// RFC 4028, RFC 6665) expand to their long form, so `v`, `VIA` and `Via` are one name.
public struct SIPHeaderName: Sendable, Hashable, CustomStringConvertible {
    /// Index into `canonicalNames` for known names; `unknownID` otherwise. Known names compare by this number,
    /// which keeps header look-ups in the parsing hot path free of string work.
    let id: UInt16
    /// The spelling of a name Herald does not know, as written.
    private let unknownName: String?

    static let unknownID = UInt16.max

    /// Creates a name from any spelling: known names (and compact forms) map to their canonical form.
    public init(_ name: String) {
        if let known = SIPHeaderName.lookup(name.utf8) {
            self = known
        } else {
            id = Self.unknownID
            unknownName = name
        }
    }

    private init(known id: Int) {
        self.id = UInt16(id)
        self.unknownName = nil
    }

    /// The name as it is written when Herald generates the header (`Call-ID`, `WWW-Authenticate`).
    public var canonical: String { unknownName ?? SIPHeaderName.canonicalNames[Int(id)] }

    /// The canonical spelling.
    public var description: String { canonical }

    /// The compact form RFC 3261 §7.3.3 and later RFCs define for this name, if any.
    public var compactForm: Character? {
        SIPHeaderName.compactForms.first { $0.value == self }.map(\.key).flatMap(\.first)
    }

    public static func == (a: SIPHeaderName, b: SIPHeaderName) -> Bool {
        if a.id != unknownID || b.id != unknownID { return a.id == b.id }
        return asciiCaseInsensitiveEqual(a.unknownName ?? "", b.unknownName ?? "")
    }

    public func hash(into hasher: inout Hasher) {
        if id != Self.unknownID {
            hasher.combine(id)
        } else {
            for b in (unknownName ?? "").utf8 { hasher.combine(b | (b >= 0x41 && b <= 0x5A ? 0x20 : 0)) }
        }
    }

    static func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var bi = b.utf8.makeIterator()
        for x in a.utf8 {
            guard let y = bi.next(), lower(x) == lower(y) else { return false }
        }
        return true
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// FNV-1a over the lower-cased bytes: the key of the look-up table.
    @inline(__always) static func hashKey(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(lower(b))
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// The known name for a spelling, matched case-insensitively; compact forms expand.
    static func lookup(_ bytes: some Collection<UInt8>) -> SIPHeaderName? {
        guard let entry = table[hashKey(bytes)], entry.spelling.count == bytes.count else { return nil }
        var i = 0
        for b in bytes {
            guard entry.spelling[i] == lower(b) else { return nil }
            i += 1
        }
        return SIPHeaderName(known: entry.index)
    }

    /// The look-up table from hashed spelling (long and compact, lower-cased) to name index.
    private static let table: [UInt64: (index: Int, spelling: [UInt8])] = {
        var t: [UInt64: (index: Int, spelling: [UInt8])] = [:]
        for (i, name) in canonicalNames.enumerated() {
            let lower = Array(name.lowercased().utf8)
            t[hashKey(lower)] = (i, lower)
        }
        for (compact, long) in compactSpellings {
            guard let i = canonicalNames.firstIndex(of: long) else { continue }
            t[hashKey(compact.utf8)] = (i, Array(compact.utf8))
        }
        return t
    }()

    /// `Accept` (RFC 3261 §20.1).
    public static let accept = SIPHeaderName(known: 0)

    /// `Accept-Encoding`.
    public static let acceptEncoding = SIPHeaderName(known: 1)

    /// `Accept-Language`.
    public static let acceptLanguage = SIPHeaderName(known: 2)

    /// `Alert-Info`.
    public static let alertInfo = SIPHeaderName(known: 3)

    /// `Allow` (RFC 3261 §20.5).
    public static let allow = SIPHeaderName(known: 4)

    /// `Allow-Events` (RFC 6665), compact `u`.
    public static let allowEvents = SIPHeaderName(known: 5)

    /// `Authentication-Info`.
    public static let authenticationInfo = SIPHeaderName(known: 6)

    /// `Authorization` (RFC 3261 §20.7).
    public static let authorization = SIPHeaderName(known: 7)

    /// `Call-ID`, compact `i`.
    public static let callID = SIPHeaderName(known: 8)

    /// `Call-Info`.
    public static let callInfo = SIPHeaderName(known: 9)

    /// `Contact`, compact `m`.
    public static let contact = SIPHeaderName(known: 10)

    /// `Content-Disposition`.
    public static let contentDisposition = SIPHeaderName(known: 11)

    /// `Content-Encoding`, compact `e`.
    public static let contentEncoding = SIPHeaderName(known: 12)

    /// `Content-Language`.
    public static let contentLanguage = SIPHeaderName(known: 13)

    /// `Content-Length`, compact `l`.
    public static let contentLength = SIPHeaderName(known: 14)

    /// `Content-Type`, compact `c`.
    public static let contentType = SIPHeaderName(known: 15)

    /// `CSeq`.
    public static let cseq = SIPHeaderName(known: 16)

    /// `Date`.
    public static let date = SIPHeaderName(known: 17)

    /// `Diversion` (RFC 5806).
    public static let diversion = SIPHeaderName(known: 18)

    /// `Error-Info`.
    public static let errorInfo = SIPHeaderName(known: 19)

    /// `Event` (RFC 6665), compact `o`.
    public static let event = SIPHeaderName(known: 20)

    /// `Expires`.
    public static let expires = SIPHeaderName(known: 21)

    /// `From`, compact `f`.
    public static let from = SIPHeaderName(known: 22)

    /// `History-Info` (RFC 7044).
    public static let historyInfo = SIPHeaderName(known: 23)

    /// `In-Reply-To`.
    public static let inReplyTo = SIPHeaderName(known: 24)

    /// `Max-Forwards`.
    public static let maxForwards = SIPHeaderName(known: 25)

    /// `Min-Expires`.
    public static let minExpires = SIPHeaderName(known: 26)

    /// `Min-SE` (RFC 4028).
    public static let minSE = SIPHeaderName(known: 27)

    /// `MIME-Version`.
    public static let mimeVersion = SIPHeaderName(known: 28)

    /// `Organization`.
    public static let organization = SIPHeaderName(known: 29)

    /// `P-Asserted-Identity` (RFC 3325).
    public static let pAssertedIdentity = SIPHeaderName(known: 30)

    /// `P-Preferred-Identity` (RFC 3325).
    public static let pPreferredIdentity = SIPHeaderName(known: 31)

    /// `Priority`.
    public static let priority = SIPHeaderName(known: 32)

    /// `Privacy` (RFC 3323).
    public static let privacy = SIPHeaderName(known: 33)

    /// `Proxy-Authenticate`.
    public static let proxyAuthenticate = SIPHeaderName(known: 34)

    /// `Proxy-Authorization`.
    public static let proxyAuthorization = SIPHeaderName(known: 35)

    /// `Proxy-Require`.
    public static let proxyRequire = SIPHeaderName(known: 36)

    /// `RAck` (RFC 3262).
    public static let rack = SIPHeaderName(known: 37)

    /// `Reason` (RFC 3326).
    public static let reason = SIPHeaderName(known: 38)

    /// `Record-Route`.
    public static let recordRoute = SIPHeaderName(known: 39)

    /// `Refer-To` (RFC 3515), compact `r`.
    public static let referTo = SIPHeaderName(known: 40)

    /// `Referred-By` (RFC 3892), compact `b`.
    public static let referredBy = SIPHeaderName(known: 41)

    /// `Remote-Party-ID` (draft-ietf-sip-privacy, still sent by PBXs).
    public static let remotePartyID = SIPHeaderName(known: 42)

    /// `Replaces` (RFC 3891).
    public static let replaces = SIPHeaderName(known: 43)

    /// `Reply-To`.
    public static let replyTo = SIPHeaderName(known: 44)

    /// `Require`.
    public static let require = SIPHeaderName(known: 45)

    /// `Retry-After`.
    public static let retryAfter = SIPHeaderName(known: 46)

    /// `Route`.
    public static let route = SIPHeaderName(known: 47)

    /// `RSeq` (RFC 3262).
    public static let rseq = SIPHeaderName(known: 48)

    /// `Server`.
    public static let server = SIPHeaderName(known: 49)

    /// `Session-Expires` (RFC 4028), compact `x`.
    public static let sessionExpires = SIPHeaderName(known: 50)

    /// `Subject`, compact `s`.
    public static let subject = SIPHeaderName(known: 51)

    /// `Subscription-State` (RFC 6665).
    public static let subscriptionState = SIPHeaderName(known: 52)

    /// `Supported`, compact `k`.
    public static let supported = SIPHeaderName(known: 53)

    /// `Timestamp`.
    public static let timestamp = SIPHeaderName(known: 54)

    /// `To`, compact `t`.
    public static let to = SIPHeaderName(known: 55)

    /// `Unsupported`.
    public static let unsupported = SIPHeaderName(known: 56)

    /// `User-Agent`.
    public static let userAgent = SIPHeaderName(known: 57)

    /// `Via`, compact `v`.
    public static let via = SIPHeaderName(known: 58)

    /// `Warning`.
    public static let warning = SIPHeaderName(known: 59)

    /// `WWW-Authenticate`.
    public static let wwwAuthenticate = SIPHeaderName(known: 60)

    /// Canonical spellings, indexed by `id`. The order matches the static names above.
    static let canonicalNames: [String] = [
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "Alert-Info",
        "Allow",
        "Allow-Events",
        "Authentication-Info",
        "Authorization",
        "Call-ID",
        "Call-Info",
        "Contact",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-Type",
        "CSeq",
        "Date",
        "Diversion",
        "Error-Info",
        "Event",
        "Expires",
        "From",
        "History-Info",
        "In-Reply-To",
        "Max-Forwards",
        "Min-Expires",
        "Min-SE",
        "MIME-Version",
        "Organization",
        "P-Asserted-Identity",
        "P-Preferred-Identity",
        "Priority",
        "Privacy",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "Proxy-Require",
        "RAck",
        "Reason",
        "Record-Route",
        "Refer-To",
        "Referred-By",
        "Remote-Party-ID",
        "Replaces",
        "Reply-To",
        "Require",
        "Retry-After",
        "Route",
        "RSeq",
        "Server",
        "Session-Expires",
        "Subject",
        "Subscription-State",
        "Supported",
        "Timestamp",
        "To",
        "Unsupported",
        "User-Agent",
        "Via",
        "Warning",
        "WWW-Authenticate",
        "Accept-Contact",
        "Reject-Contact",
        "Request-Disposition",
        "Identity",
        "Identity-Info",
    ]

    /// Compact forms: RFC 3261 §7.3.3 plus RFC 3515 (r), RFC 3892 (b), RFC 4028 (x), RFC 6665 (o, u),
    /// RFC 3841 (a, j, d), RFC 8224 (y), RFC 4474 (n).
    static let compactSpellings: [String: String] = [
        "i": "Call-ID",
        "m": "Contact",
        "e": "Content-Encoding",
        "l": "Content-Length",
        "c": "Content-Type",
        "f": "From",
        "s": "Subject",
        "k": "Supported",
        "t": "To",
        "v": "Via",
        "o": "Event",
        "u": "Allow-Events",
        "r": "Refer-To",
        "b": "Referred-By",
        "x": "Session-Expires",
        "a": "Accept-Contact",
        "j": "Reject-Contact",
        "d": "Request-Disposition",
        "y": "Identity",
        "n": "Identity-Info",
    ]

    /// Compact form to name.
    static let compactForms: [String: SIPHeaderName] = compactSpellings.mapValues { SIPHeaderName($0) }

    /// Headers that may appear at most once and whose value is not a comma-separated list (RFC 3261 §7.3.1).
    static let singleValued: Set<SIPHeaderName> = [
        .callID, .cseq, .from, .to, .maxForwards, .contentLength, .contentType, .expires, .minExpires,
        .sessionExpires, .minSE, .subscriptionState, .referTo, .referredBy, .replaces, .rack, .rseq,
        .event, .mimeVersion, .date, .timestamp, .retryAfter, .priority, .replyTo, .organization, .subject,
    ]
}
