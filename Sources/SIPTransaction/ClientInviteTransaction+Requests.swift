public import SIPMessage

extension ClientInviteTransaction {
    /// The ACK for a non-2xx final response to `invite` (RFC 3261 §17.1.1.3): the INVITE's Request-URI, Call-ID, From,
    /// CSeq number and top Via (only that one), the To of the response (with its tag), method ACK, the INVITE's Route
    /// header fields, Max-Forwards 70 and no body.
    public static func ack(for invite: SIPMessage, acknowledging response: SIPMessage) throws(SIPTransactionError) -> SIPMessage {
        ackWithResponseTo(try requestDerived(from: invite, method: .ack), response: response)
    }

    /// A CANCEL for `invite` (RFC 3261 §9.1): the same Request-URI, Call-ID, To, From and CSeq number, a single Via
    /// equal to the INVITE's top Via (so it reaches the same server transaction), the INVITE's Route header fields,
    /// method CANCEL, Max-Forwards 70 and no body.
    ///
    /// Throws when `invite` is not an INVITE or lacks one of those headers.
    public static func cancel(for invite: SIPMessage) throws(SIPTransactionError) -> SIPMessage {
        try requestDerived(from: invite, method: .cancel)
    }

    /// The request §9.1 and §17.1.1.3 derive from an INVITE; the To is the INVITE's.
    static func requestDerived(from invite: SIPMessage, method: SIPMethod) throws(SIPTransactionError) -> SIPMessage {
        guard invite.method == .invite, let uri = invite.requestURI else {
            throw SIPTransactionError(.wrongMessageKind, "\(method) is built from an INVITE")
        }
        let via: SIPHeaderField
        let sequence: UInt32
        do {
            via = try invite.topViaField()
            sequence = try invite.headers.cseq.sequence
        } catch {
            throw SIPTransactionError(wrapping: error)
        }
        guard let from = invite.headers.first(.from), let to = invite.headers.first(.to), let callID = invite.headers.first(.callID) else {
            throw SIPTransactionError(.malformed, "the INVITE lacks From, To or Call-ID")
        }
        var headers = SIPHeaders()
        headers.append(via)
        headers.append(.maxForwards, "70")
        headers.append(from)
        headers.append(to)
        headers.append(callID)
        headers.append(.cseq, SIPCSeq(sequence, method).description)
        for field in invite.headers where field.name == .route { headers.append(field) }
        headers.append(.contentLength, "0")
        return .request(method, uri: uri, headers: headers)
    }

    /// `ack` with the To header of `response`, whose tag identifies the UAS that answered (§17.1.1.3).
    static func ackWithResponseTo(_ ack: SIPMessage, response: SIPMessage) -> SIPMessage {
        guard let to = response.headers.first(.to), let index = ack.headers.firstIndex(where: { $0.name == .to }) else { return ack }
        var ack = ack
        ack.headers.replace(at: index, with: to)
        return ack
    }
}
