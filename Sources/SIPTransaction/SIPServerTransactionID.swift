public import SIPMessage

/// What identifies a server transaction (RFC 3261 §17.2.3).
///
/// When the top Via branch starts with the magic cookie `z9hG4bK`, a request belongs to a transaction by its branch,
/// the sent-by of the top Via, and its method, except that an ACK belongs to the INVITE transaction. Older (RFC 2543)
/// clients write no cookie, so their requests are matched by Request-URI, To tag, From tag, Call-ID, CSeq and top Via;
/// their ACK carries the To tag of the response being acknowledged, which `SIPTransactionLayer` checks separately.
///
/// A CANCEL is a transaction of its own (its method differs) but names the INVITE it cancels: `cancelledInviteID`.
public struct SIPServerTransactionID: Sendable, Hashable, CustomStringConvertible {
    /// The RFC 2543 matching fields of §17.2.3.
    struct LegacyKey: Sendable, Hashable {
        /// The Request-URI as written: retransmissions repeat it byte for byte.
        var requestURI: String
        var toTag: String?
        var fromTag: String?
        var callID: String
        var sequence: UInt32
        var method: SIPMethod
        /// The top Via, re-serialized from its parse so that spacing does not matter.
        var topVia: String
    }

    enum Storage: Sendable, Hashable {
        case branch(branch: String, sentBy: String, method: SIPMethod)
        case legacy(LegacyKey)
    }

    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// The identifier of the server transaction a received request belongs to (§17.2.3); an ACK maps to its INVITE.
    public init(request: SIPMessage) throws(SIPTransactionError) {
        guard let method = request.method else { throw SIPTransactionError(.wrongMessageKind, "a server transaction starts with a request") }
        let matchedMethod = method == .ack ? SIPMethod.invite : method
        do {
            let via = try request.headers.topVia
            if via.hasRFC3261Branch, let branch = via.branch {
                storage = .branch(branch: branch, sentBy: via.sentByKey, method: matchedMethod)
            } else {
                let cseq = try request.headers.cseq
                storage = .legacy(LegacyKey(
                    requestURI: request.requestURI?.serialized ?? "",
                    toTag: try request.headers.to.tag,
                    fromTag: try request.headers.from.tag,
                    callID: try request.headers.callID,
                    sequence: cseq.sequence,
                    method: matchedMethod,
                    topVia: via.serialized))
            }
        } catch {
            throw SIPTransactionError(wrapping: error)
        }
    }

    /// The method of the transaction (INVITE for an ACK).
    public var method: SIPMethod {
        switch storage {
        case .branch(_, _, let method): method
        case .legacy(let key): key.method
        }
    }

    /// Whether the request carried an RFC 3261 branch (magic cookie) rather than needing RFC 2543 matching.
    public var isRFC3261: Bool {
        if case .branch = storage { return true }
        return false
    }

    /// For a CANCEL, the identifier of the INVITE server transaction it cancels (§9.2: §17.2.3 matching with the
    /// method ignored — the CANCEL repeats the INVITE's branch, or for RFC 2543 its Request-URI, tags, Call-ID,
    /// CSeq number and top Via).
    public var cancelledInviteID: SIPServerTransactionID { withMethod(.invite) }

    /// The same identifier with another method.
    func withMethod(_ method: SIPMethod) -> SIPServerTransactionID {
        switch storage {
        case .branch(let branch, let sentBy, _):
            return SIPServerTransactionID(storage: .branch(branch: branch, sentBy: sentBy, method: method))
        case .legacy(var key):
            key.method = method
            return SIPServerTransactionID(storage: .legacy(key))
        }
    }

    /// For an RFC 2543 ACK, the INVITE identifier it would have if the INVITE carried no To tag: the ACK's To tag
    /// is the one the server put in its response, so the layer compares it with that response (§17.2.3).
    var withoutToTag: SIPServerTransactionID? {
        guard case .legacy(var key) = storage, key.toTag != nil else { return nil }
        key.toTag = nil
        return SIPServerTransactionID(storage: .legacy(key))
    }

    /// `z9hG4bKnashds8 192.0.2.1:5060 INVITE`, or the RFC 2543 fields.
    public var description: String {
        switch storage {
        case .branch(let branch, let sentBy, let method):
            return branch + " " + sentBy + " " + method.rawValue
        case .legacy(let key):
            return "rfc2543 " + key.callID + " " + String(key.sequence) + " " + key.method.rawValue
        }
    }
}
