import Synchronization
import Logging
import SIPDialog
public import SIPMessage
import SIPTransaction
import SIPTransport

extension SIPUserAgent {
    // MARK: - Placing calls

    /// Places a call and returns when it is answered (after our ACK), or throws why it failed.
    ///
    /// - Parameters:
    ///   - target: the Request-URI (`sip:5000@127.0.0.1`).
    ///   - from: our identity (display name and URI); a tag is added.
    ///   - offer: our SDP offer.
    ///   - destination: where to send the INVITE; nil derives it from `target` (RFC 3263 for literal hosts).
    ///   - extraHeaders: headers to add, e.g. a Diversion when testing a voicemail pilot.
    ///   - ringTimeout: how long to wait for an answer before sending CANCEL (→ `.noAnswer`).
    public func call(
        to target: SIPURI, from: NameAddress, offer: [UInt8], destination: SIPTransportAddress? = nil,
        extraHeaders: [SIPHeaderField] = [], ringTimeout: Duration = .seconds(60)
    ) async throws(SIPCallFailure) -> SIPCall {
        guard let hop = destination ?? target.nextHopAddress(defaultTransport: .udp) else {
            throw SIPCallFailure.invalidTarget(target.serialized)
        }
        let callID = SIPResponseFactory.makeTag() + SIPResponseFactory.makeTag() + "@" + localAddress(for: hop.transport).hostForURI
        let log = callLogger(callID)
        var local = from
        local.tag = SIPResponseFactory.makeTag()
        var sessionTimer = SessionTimer()
        var invite = makeRequest(.invite, target: target, from: local, to: NameAddress(uri: target), callID: callID, sequence: 1,
                                 transport: hop.transport, extraHeaders: extraHeaders + sessionTimer.requestHeaders())
        invite.setBody(offer, contentType: .sdp)
        let next = fitTransport(&invite, to: hop)
        log.info("calling \(target.serialized) via \(next)")

        var authorized = false
        var retriedInterval = false
        while true {
            let response = try await runInvite(invite, to: next, ringTimeout: ringTimeout, log: log)
            let status = response.statusCode ?? 500
            if SIPStatus.isSuccess(status) {
                let timerActions = sessionTimer.handle(.responseReceived(response))
                let call = try await established(invite: invite, response: response, destination: next, localSDP: offer, log: log)
                calls[call.id]?.sessionTimer = sessionTimer
                await performSessionTimer(timerActions, for: call.id)
                return call
            }
            if status == 422, !retriedInterval {
                // RFC 4028 §7.4: retry once with the interval the peer's Min-SE asks for.
                retriedInterval = true
                for action in sessionTimer.handle(.responseReceived(response)) {
                    if case .retryRequest(let headers) = action {
                        invite = retry(invite, replacing: headers)
                    }
                }
                continue
            }
            if (status == 401 || status == 407), !authorized, let retried = authorize(invite, challenge: response) {
                authorized = true
                invite = retried
                continue
            }
            if status == 401 || status == 407 {
                throw SIPCallFailure.authenticationFailed(realm: challenges(in: response).first?.realm)
            }
            log.info("call failed: \(status) \(response.reasonPhrase ?? "")")
            throw SIPCallFailure.from(response)
        }
    }

    /// Sends the INVITE and waits for its final response; CANCELs it after `ringTimeout`.
    func runInvite(_ invite: SIPMessage, to destination: SIPTransportAddress, ringTimeout: Duration, log: Logger) async throws(SIPCallFailure) -> SIPMessage {
        let events: AsyncStream<SIPClientTransactionEvent>
        do {
            events = try await layer.sendRequest(invite, to: destination)
        } catch {
            throw SIPCallFailure.unreachable("\(error)")
        }
        let layer = self.layer
        // §9.1: no CANCEL before a provisional response. A ring timeout that comes first waits for one (an INVITE
        // that never gets one is ended by Timer B). After the CANCEL, the transaction layer gives the INVITE 64·T1
        // for its 487 and then reports a timeout.
        let ring = RingState()
        let sendCancel: @Sendable () async -> Void = {
            guard let cancel = try? ClientInviteTransaction.cancel(for: invite),
                  let stream = try? await layer.sendRequest(cancel, to: destination) else { return }
            for await _ in stream {}
        }
        let canceller = scheduler.schedule(after: ringTimeout) {
            if ring.timeoutPassed() { await sendCancel() }
        }
        defer { canceller.cancel() }
        for await event in events {
            switch event {
            case .provisional(let response):
                if ring.provisionalArrived() { Task { await sendCancel() } }
                log.debug("progress: \(response.statusCode ?? 0) \(response.reasonPhrase ?? "")")
            case .final(let response):
                return response
            case .timeout:
                throw SIPCallFailure.unreachable("no response from \(destination)")
            case .transportError(let error):
                throw SIPCallFailure.unreachable("\(error)")
            }
        }
        throw SIPCallFailure.unreachable("transaction ended without a final response")
    }

    func established(invite: SIPMessage, response: SIPMessage, destination: SIPTransportAddress, localSDP: [UInt8], log: Logger) async throws(SIPCallFailure) -> SIPCall {
        var dialog: Dialog
        do {
            dialog = try Dialog(uacFor: invite, response: response, secure: destination.transport == .tls)
        } catch {
            throw SIPCallFailure.rejected(status: 200, reason: "unusable 2xx: \(error)")
        }
        let hop = dialog.nextHop(defaultTransport: destination.transport) ?? destination
        let ack = dialog.makeRequest(.ack, via: makeVia(for: hop.transport), contact: nil)
        try? await layer.sendACK(ack, to: hop)
        let call = SIPCall(id: dialog.id, invite: invite, remoteSDP: response.body, localSDP: localSDP, agent: self)
        calls[dialog.id] = CallEntry(dialog: dialog, call: call, transport: hop.transport, logger: log, pending2xx: nil, lastACK: (ack, hop))
        call.confirm()
        log.info("answered")
        return call
    }

    /// Re-sends our ACK when the peer retransmits its 2xx (§13.2.2.4): our ACK was lost.
    func resendACK(for response: SIPMessage) async {
        guard let callID = try? response.headers.callID, let fromTag = try? response.headers.from.tag,
              let toTag = try? response.headers.to.tag,
              let last = calls[DialogID(callID: callID, localTag: fromTag, remoteTag: toTag)]?.lastACK else { return }
        try? await layer.sendACK(last.ack, to: last.destination)
    }

    // MARK: - In-dialog requests

    func hangUp(_ id: DialogID, reason: SIPCallEndReason = .localHangUp, extraHeaders: [SIPHeaderField] = []) async {
        guard var entry = calls[id] else { return }
        entry.pending2xx?.timer?.cancel()
        let hop = entry.dialog.nextHop(defaultTransport: entry.transport)
        let bye = entry.dialog.makeRequest(.bye, via: makeVia(for: hop?.transport ?? entry.transport), contact: nil,
                                           extraHeaders: extraHeaders)
        endCall(id, reason)
        entry.logger.info("hanging up")
        guard let hop, let events = try? await layer.sendRequest(bye, to: hop) else { return }
        for await _ in events {}
    }

    func sendInDialog(
        _ method: SIPMethod, in id: DialogID, body: [UInt8], contentType: SIPMediaType?, extraHeaders: [SIPHeaderField] = []
    ) async throws(SIPCallFailure) -> SIPMessage {
        guard var entry = calls[id], let hop = entry.dialog.nextHop(defaultTransport: entry.transport) else {
            throw SIPCallFailure.rejected(status: 481, reason: "the call has ended")
        }
        let request = entry.dialog.makeRequest(method, via: makeVia(for: hop.transport), contact: contactURI(for: hop.transport),
                                               body: body, contentType: contentType, extraHeaders: extraHeaders)
        if method == .invite {
            // §14.1: no INVITE of ours while an exchange is open in either direction; the caller may try again.
            guard !entry.exchangeOpen else { throw SIPCallFailure.rejected(status: 491, reason: "Request Pending") }
            entry.sendingReInvites += 1
        }
        calls[id] = entry
        defer { if method == .invite { calls[id]?.sendingReInvites -= 1 } }
        // A re-INVITE answered only provisionally would wait for ever (Proceeding has no timer of its own): it is
        // cancelled after 64·T1, like an unanswered call, and the session goes on as it was (§14.1).
        let response = method == .invite
            ? try await runInvite(request, to: hop, ringTimeout: configuration.transactions.timers.sixtyFourT1, log: entry.logger)
            : try await finalResponse(request, to: hop)
        if method == .invite || method == .update { calls[id]?.dialog.receiveResponse(response, to: method) }
        return response
    }

    func reInvite(_ id: DialogID, offer: [UInt8]) async throws(SIPCallFailure) -> [UInt8] {
        let response = try await sendInDialog(.invite, in: id, body: offer, contentType: .sdp)
        guard let status = response.statusCode, SIPStatus.isSuccess(status) else { throw SIPCallFailure.from(response) }
        await acknowledgeReInvite(id)
        return response.body
    }

    func reInviteWithoutOffer(_ id: DialogID, answer: @Sendable ([UInt8]) async -> [UInt8]) async throws(SIPCallFailure) -> [UInt8] {
        let response = try await sendInDialog(.invite, in: id, body: [], contentType: nil)
        // The exchange stays open until our answer has gone in the ACK (no suspension since sendInDialog closed it).
        calls[id]?.sendingReInvites += 1
        defer { calls[id]?.sendingReInvites -= 1 }
        guard let status = response.statusCode, SIPStatus.isSuccess(status) else { throw SIPCallFailure.from(response) }
        await acknowledgeReInvite(id, answer: await answer(response.body))
        return response.body
    }

    /// ACKs the 2xx to our re-INVITE (§13.2.2.4), carrying `answer` when the 2xx carried an offer; the ACK is kept to be
    /// re-sent if the 2xx comes again.
    func acknowledgeReInvite(_ id: DialogID, answer: [UInt8] = []) async {
        guard var entry = calls[id], let hop = entry.dialog.nextHop(defaultTransport: entry.transport) else { return }
        let ack = entry.dialog.makeRequest(.ack, via: makeVia(for: hop.transport), contact: nil, body: answer,
                                           contentType: answer.isEmpty ? nil : .sdp)
        entry.lastACK = (ack, hop)
        calls[id] = entry
        entry.call.sent(answer)
        try? await layer.sendACK(ack, to: hop)
    }

    // MARK: - Out of dialog

    /// Sends an out-of-dialog request (OPTIONS, NOTIFY for message waiting, …) and returns the final response.
    public func request(
        _ method: SIPMethod, to target: SIPURI, destination: SIPTransportAddress? = nil, headers extra: [SIPHeaderField] = [],
        body: [UInt8] = [], contentType: SIPMediaType? = nil
    ) async throws(SIPCallFailure) -> SIPMessage {
        guard let hop = destination ?? target.nextHopAddress(defaultTransport: .udp) else {
            throw SIPCallFailure.invalidTarget(target.serialized)
        }
        let callID = SIPResponseFactory.makeTag() + SIPResponseFactory.makeTag() + "@" + localAddress(for: hop.transport).hostForURI
        var from = NameAddress(uri: contactURI(for: hop.transport))
        from.tag = SIPResponseFactory.makeTag()
        var request = makeRequest(method, target: target, from: from, to: NameAddress(uri: target), callID: callID, sequence: 1,
                                  transport: hop.transport, extraHeaders: extra)
        request.setBody(body, contentType: contentType)
        let next = fitTransport(&request, to: hop)
        let response = try await finalResponse(request, to: next)
        if response.statusCode == 401 || response.statusCode == 407, let retried = authorize(request, challenge: response) {
            return try await finalResponse(retried, to: next)
        }
        return response
    }

    /// Sends OPTIONS and returns the response (a keep-alive or capability probe, and `herald test-connectivity`).
    public func options(to target: SIPURI, destination: SIPTransportAddress? = nil) async throws(SIPCallFailure) -> SIPMessage {
        try await request(.options, to: target, destination: destination, headers: [SIPHeaderField(.accept, "application/sdp")])
    }

    func finalResponse(_ request: SIPMessage, to destination: SIPTransportAddress) async throws(SIPCallFailure) -> SIPMessage {
        let events: AsyncStream<SIPClientTransactionEvent>
        do {
            events = try await layer.sendRequest(request, to: destination)
        } catch {
            throw SIPCallFailure.unreachable("\(error)")
        }
        for await event in events {
            switch event {
            case .provisional: continue
            case .final(let response): return response
            case .timeout: throw SIPCallFailure.unreachable("no response from \(destination)")
            case .transportError(let error): throw SIPCallFailure.unreachable("\(error)")
            }
        }
        throw SIPCallFailure.unreachable("transaction ended without a final response")
    }

    /// The request again with new header values (same names replaced), the next CSeq and a new branch.
    func retry(_ request: SIPMessage, replacing headers: [SIPHeaderField]) -> SIPMessage {
        var retried = request
        for field in headers { retried.headers.set(field.name, String(field.value)) }
        if let cseq = try? request.headers.cseq, let method = request.method {
            retried.headers.set(.cseq, SIPCSeq(cseq.sequence + 1, method).description)
        }
        if var via = try? request.headers.topVia {
            via.parameters.set("branch", SIPVia.magicCookie + SIPResponseFactory.makeTag() + SIPResponseFactory.makeTag())
            retried.headers.set(.via, via.serialized)
        }
        return retried
    }

    /// RFC 3261 §18.1.1: a request larger than 1300 bytes over UDP, with no path MTU known, goes over TCP instead,
    /// with its top Via and Contact changed to say so. The peer must then listen on TCP at the same port.
    func fitTransport(_ request: inout SIPMessage, to destination: SIPTransportAddress) -> SIPTransportAddress {
        guard destination.transport == .udp, request.bytes.count > 1300 else { return destination }
        request.headers.set(.via, makeVia(for: .tcp).serialized)
        request.headers.set(.contact, contactHeader(for: .tcp))
        return SIPTransportAddress(.tcp, host: destination.host, port: destination.port)
    }

    /// A new out-of-dialog request with Herald's standard headers (RFC 3261 §8.1.1).
    func makeRequest(
        _ method: SIPMethod, target: SIPURI, from: NameAddress, to: NameAddress, callID: String, sequence: UInt32,
        transport kind: SIPTransportAddress.Transport, extraHeaders: [SIPHeaderField]
    ) -> SIPMessage {
        var headers = SIPHeaders()
        headers.append(.via, makeVia(for: kind).serialized)
        headers.append(.maxForwards, "70")
        headers.append(.from, from.serialized)
        headers.append(.to, to.serialized)
        headers.append(.callID, callID)
        headers.append(.cseq, SIPCSeq(sequence, method).description)
        headers.append(.contact, contactHeader(for: kind))
        if method == .invite {
            headers.append(.allow, allowHeader)
            // 100rel is honoured when a caller requires it, but not offered: as a caller Herald does not PRACK.
            headers.append(.supported, configuration.supportedExtensions.filter { $0 != "100rel" }.joined(separator: ", "))
        }
        headers.append(.userAgent, configuration.product)
        for field in extraHeaders { headers.append(field) }
        return SIPMessage.request(method, uri: target, headers: headers)
    }
}

/// An INVITE's ring timeout and its first provisional response, which may come in either order: the CANCEL goes
/// when both have happened.
final class RingState: Sendable {
    private let state = Mutex((provisional: false, timedOut: false))

    /// The ring timeout passed; true when the CANCEL should go now.
    func timeoutPassed() -> Bool {
        state.withLock { state in
            state.timedOut = true
            return state.provisional
        }
    }

    /// A provisional response arrived; true when it is the first and the ring timeout already passed.
    func provisionalArrived() -> Bool {
        state.withLock { state in
            defer { state.provisional = true }
            return !state.provisional && state.timedOut
        }
    }
}
