/// One diversion of a call, told the same way whether the PBX reported it in Diversion (RFC 5806) or
/// History-Info (RFC 7044): who the call was diverted from and why.
///
/// A voicemail server needs exactly this from an INVITE: the mailbox is the diverting party, the greeting follows
/// the reason. Which source and which entry win is a per-PBX choice made above this layer.
public struct SIPRedirection: Sendable, Equatable {
    /// Where the diversion information came from.
    public enum Source: String, Sendable {
        /// A Diversion header (RFC 5806).
        case diversion
        /// A History-Info header (RFC 7044, RFC 4244).
        case historyInfo
    }

    /// The party the call was diverted from.
    public var party: SIPURI
    /// Its display name, if the PBX sent one.
    public var displayName: String?
    /// Why the call was diverted, in RFC 5806 vocabulary.
    public var reason: SIPDiversion.Reason
    /// How many diversions this entry stands for (Diversion `counter`), 1 when not given.
    public var counter: Int
    /// The header it came from.
    public var source: Source

    /// Creates a redirection.
    public init(party: SIPURI, displayName: String? = nil, reason: SIPDiversion.Reason, counter: Int = 1, source: Source) {
        self.party = party
        self.displayName = displayName
        self.reason = reason
        self.counter = counter
        self.source = source
    }

    /// RFC 4458 §3.1 maps a redirection's SIP cause to the diversion reason it stands for.
    public static func reason(forCause cause: Int) -> SIPDiversion.Reason {
        switch cause {
        case 302: .unconditional
        case 486, 600: .userBusy
        case 408: .noAnswer
        case 480: .unavailable
        case 487: .deflection
        case 404: .unknown
        case 503: .outOfService
        default: .unknown
        }
    }
}

extension SIPHeaders {
    /// The diversions reported in Diversion headers, oldest first (RFC 5806 lists the most recent first).
    public var redirectionsFromDiversion: [SIPRedirection] {
        get throws(SIPMessageError) {
            try diversion.reversed().map { d in
                SIPRedirection(party: d.uri, displayName: d.address.displayName, reason: d.reason ?? .unknown,
                               counter: d.counter ?? 1, source: .diversion)
            }
        }
    }

    /// The diversions reported in History-Info, oldest first: every entry that was retargeted away from,
    /// recognised by an embedded Reason or by a later entry naming it in `mp` or `rc` (RFC 7044 §4.2.1).
    /// Entries are ordered by their index so that forking branches read in tree order.
    public var redirectionsFromHistoryInfo: [SIPRedirection] {
        get throws(SIPMessageError) {
            let entries = try historyInfo.enumerated().sorted { a, b in
                let x = a.element.index ?? [], y = b.element.index ?? []
                return x.lexicographicallyPrecedes(y) || (x == y && a.offset < b.offset)
            }.map(\.element)
            var out: [SIPRedirection] = []
            for (position, entry) in entries.enumerated() {
                let laterTargets = entries[(position + 1)...]
                let namedByLater = laterTargets.contains { later in
                    guard let text = entry.indexText else { return false }
                    return later.mp == text || later.rc == text
                }
                // A later entry's RFC 4458 cause (on the voicemail URI) explains this entry when it carries none.
                let laterCause = laterTargets.first { $0.mp == entry.indexText || $0.rc == entry.indexText }?.cause
                guard let cause = entry.reason.flatMap(\.cause) ?? (namedByLater ? laterCause : nil) else {
                    if namedByLater {
                        out.append(SIPRedirection(party: entry.uri, displayName: entry.address.displayName, reason: .unknown, source: .historyInfo))
                    }
                    continue
                }
                let redirection = SIPRedirection(
                    party: entry.uri, displayName: entry.address.displayName,
                    reason: SIPRedirection.reason(forCause: cause), source: .historyInfo)
                // A retarget to a new contact of the same user (rc) is one diversion, not two.
                if let last = out.last, last.party.telephoneNumber ?? last.party.serialized == entry.uri.telephoneNumber ?? entry.uri.serialized {
                    out[out.count - 1] = redirection
                } else {
                    out.append(redirection)
                }
            }
            return out
        }
    }
}
