public import SIPMessage
import SIPDialog
import SIPTransaction

/// Something that happens to an established call (a confirmed INVITE dialog).
public enum SIPCallEvent: Sendable {
    /// An INFO arrived (and was answered 200): typically `application/dtmf-relay` keypresses.
    case info(SIPMessage)
    /// A re-INVITE or UPDATE with a new offer (hold, resume, codec change, T.38): answer it through the responder.
    case offer(SIPMessage, SIPOfferResponder)
    /// A re-INVITE without an offer (RFC 3261 §14.2), as a PBX sends when it moves the media elsewhere (a transfer,
    /// third-party call control): offer through the responder's `offer(_:)`, which returns the answer from the ACK.
    case offerRequested(SIPMessage, SIPOfferResponder)
    /// The call ended.
    case ended(SIPCallEndReason)
}

/// Why a call ended.
public enum SIPCallEndReason: Sendable, Equatable {
    /// The far end sent BYE.
    case remoteHangUp
    /// We sent BYE.
    case localHangUp
    /// We answered but no ACK came within 64·T1 (RFC 3261 §13.3.1.4); we sent BYE.
    case ackTimeout
    /// The session timer (RFC 4028) expired without a refresh; we sent BYE.
    case sessionExpired
    /// The user agent shut down.
    case shutdown
}

/// Answers an in-dialog offer (re-INVITE or UPDATE) once the media layer has decided.
public struct SIPOfferResponder: Sendable {
    let handle: SIPServerTransactionHandle
    let contact: String
    let product: String
    /// Headers the session timer asks for in the 2xx.
    let extraHeaders: [SIPHeaderField]
    let agent: SIPUserAgent
    let dialog: DialogID

    /// Accepts with an SDP answer (200 OK); an UPDATE without an offer (a session refresh) is accepted without one.
    public func accept(answer: [UInt8]) async {
        await sendSuccess(answer, ackBody: nil)
    }

    /// Answers a re-INVITE without an offer with our offer (200 OK) and returns the peer's answer from its ACK
    /// (§13.2.1); nil when the ACK carried none, or never came and the call ended.
    public func offer(_ sdp: [UInt8]) async -> [UInt8]? {
        let (answers, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(1))
        await sendSuccess(sdp, ackBody: continuation)
        var iterator = answers.makeAsyncIterator()
        guard let answer = await iterator.next(), !answer.isEmpty else { return nil }
        return answer
    }

    private func sendSuccess(_ sdp: [UInt8], ackBody: AsyncStream<[UInt8]>.Continuation?) async {
        var response = handle.makeResponse(200)
        response.headers.append(.contact, contact)
        response.headers.append(.server, product)
        for field in extraHeaders { response.headers.append(field) }
        if handle.request.method == .update && handle.request.body.isEmpty {
            response.setBody([], contentType: nil)
        } else {
            response.setBody(sdp, contentType: .sdp)
        }
        // An answer is the session from now on; an offer only once the ACK brings its answer.
        if ackBody == nil { await agent.sentInDialog(response.body, in: dialog) }
        // A 2xx to a re-INVITE is the core's to retransmit until the ACK, as for the first INVITE (§13.3.1.4);
        // it is registered before it leaves, since the ACK may come back before this resumes — and for the same
        // reason the exchange is over before it leaves: the peer's next request may overtake this.
        if handle.request.method == .invite {
            await agent.retransmitUntilACK(response, answering: handle, in: dialog, ackBody: ackBody)
        } else {
            ackBody?.finish()
        }
        await agent.peerRequestAnswered(dialog)
        await handle.respond(response)
        await agent.sessionRefreshAnswered(dialog)
    }

    /// Refuses the offer (488 Not Acceptable Here with the SDP layer's warning, or 491 on glare); the session goes on.
    public func reject(status: Int = 488, warning: (code: Int, text: String)? = nil) async {
        var response = handle.makeResponse(status)
        if let warning { response.headers.append(.warning, "\(warning.code) herald \"\(warning.text)\"") }
        await agent.peerRequestAnswered(dialog)
        await handle.respond(response)
    }
}
