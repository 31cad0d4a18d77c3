import Logging
#if canImport(Glibc)
import Glibc
#endif
import SIPDialog
import SIPMessage
import SIPTransaction
import SIPTransport

extension SIPUserAgent {
    // MARK: - From the transport

    func handleTransportEvent(_ event: SIPTransportEvent) async {
        switch event {
        case .message(let message, let source, _):
            do {
                try message.validate()
            } catch {
                if message.isRequest { await respondStatelessly(to: message, from: source, error: error) }
                else { logger.notice("dropped malformed response from \(source): \(error)") }
                return
            }
            let disposition = await layer.receive(message, from: source)
            switch disposition {
            case .responseDropped: logger.debug("dropped a response from \(source) that matches no transaction")
            case .malformed(let error): logger.notice("dropped a message from \(source): \(error)")
            case .rejectedOverload: logger.warning("overloaded: answered 503 to \(source)")
            case .mergedRequest: logger.notice("merged request from \(source) answered 482")
            default: break
            }
        case .malformed(let error, let source):
            logger.notice("unparseable message from \(source): \(error)")
        case .oversized(let request, let error, let source):
            await respondStatelessly(to: request, from: source, error: error)
        }
    }

    /// Answers a request that failed validation without a transaction (RFC 3261 §8.2: a stateless error response),
    /// when it has the headers a response needs; an ACK is never answered.
    func respondStatelessly(to request: SIPMessage, from source: SIPTransportAddress, error: SIPMessageError) async {
        guard request.method != .ack else { return }
        guard let destination = try? SIPResponseRouting.destination(forResponseTo: request, receivedFrom: source),
              (try? request.headers.callID) != nil, (try? request.headers.cseq) != nil else {
            logger.notice("dropped a malformed request from \(source) that cannot be answered: \(error)")
            return
        }
        var stamped = request
        try? SIPResponseRouting.stamp(&stamped, receivedFrom: source)
        var response = SIPResponseFactory.response(
            to: stamped, statusCode: error.statusCode,
            reasonPhrase: SIPStatus.reasonPhrase(for: error.statusCode) + " (" + error.description + ")",
            toTag: SIPResponseFactory.makeTag())
        response.headers.append(.warning, "399 herald " + SIPParameters.quote(error.description))
        response.headers.append(.server, configuration.product)
        logger.notice("answered \(error.statusCode) to \(source): \(error)")
        try? await transport.send(response, to: destination)
    }

    // MARK: - From the transaction layer

    func handleLayerEvent(_ event: SIPTransactionLayerEvent) async {
        switch event {
        case .request(let handle):
            await handleRequest(handle)
        case .cancelled(let handle, _):
            guard pendingInvites.removeValue(forKey: handle.id) != nil else { return }
            forgetReliable(handle.id)
            callLogger((try? handle.request.headers.callID) ?? "?").info("caller cancelled before answer")
            await handle.respond(handle.makeResponse(487))
        case .ack(let ack, _):
            receivedACK(ack)
        case .stray2xxResponse(let response, _):
            await resendACK(for: response)
        case .serverTransactionFailed(let id, let failure):
            logger.debug("server transaction \(id) failed: \(failure)")
            pendingInvites.removeValue(forKey: id)
        }
    }

    /// The checks of RFC 3261 §8.2 in order, then dispatch in or out of dialog.
    func handleRequest(_ handle: SIPServerTransactionHandle) async {
        let request = handle.request
        guard let method = request.method else { return }
        let log = callLogger((try? request.headers.callID) ?? "?")

        // §8.2.1: method inspection.
        guard configuration.allowedMethods.contains(method) else {
            let known: [SIPMethod] = [.register, .publish, .message, .subscribe, .notify, .refer, .update, .prack, .info]
            await reply(handle, known.contains(method) ? 405 : 501, headers: [(.allow, allowHeader)])
            log.notice("answered \(known.contains(method) ? 405 : 501) to \(method)")
            return
        }
        // Max-Forwards 0: nothing to forward to, except OPTIONS, which the receiving element answers (§11).
        if let maxForwards = try? request.headers.maxForwards, maxForwards == 0, method != .options {
            await reply(handle, 483)
            return
        }
        // §8.2.2.3: required extensions.
        let unsupported = ((try? request.headers.require) ?? []).filter { !configuration.supportedExtensions.contains($0) }
        guard unsupported.isEmpty else {
            await reply(handle, 420, headers: [(.unsupported, unsupported.joined(separator: ", "))])
            log.notice("answered 420: unsupported \(unsupported)")
            return
        }
        // §8.2.3: content processing.
        if !request.body.isEmpty, let accepted = configuration.acceptedBodyTypes[method] {
            let type = try? request.headers.contentType
            guard let type, accepted.contains(where: { $0.matches(type) }) else {
                await reply(handle, 415, headers: [(.accept, accepted.map { $0.type + "/" + $0.subtype }.joined(separator: ", "))])
                log.notice("answered 415 to \(method) with \(type.map(String.init(describing:)) ?? "no Content-Type")")
                return
            }
        }

        // §22.2: digest authentication for the sources the policy names.
        if let policy = configuration.authentication, policy.appliesTo(method, handle.source) {
            guard await authenticate(handle, policy: policy, log: log) else { return }
        }

        if let toTag = try? request.headers.to.tag, let fromTag = try? request.headers.from.tag, let callID = try? request.headers.callID {
            await handleInDialog(handle, id: DialogID(callID: callID, localTag: toTag, remoteTag: fromTag))
            return
        }
        switch method {
        case .invite:
            pendingInvites[handle.id] = handle
            log.info("incoming call from \(handle.source)")
            if case .dropped = incomingContinuation.yield(IncomingCall(handle: handle, agent: self)) {
                pendingInvites.removeValue(forKey: handle.id)
                await reply(handle, 503, headers: [(.retryAfter, "5")])
            }
        case .options:
            await reply(handle, 200, headers: [
                (.allow, allowHeader), (.accept, "application/sdp"), (.supported, configuration.supportedExtensions.joined(separator: ", ")),
            ])
        case .subscribe:
            // RFC 6665 §8.2.2: no event package is served yet (message waiting subscriptions come with MWI).
            await reply(handle, 489, headers: [(.allowEvents, "refer")])
        case .notify where (try? request.headers.event).map { configuration.deliveredEventPackages.contains($0.package) } == true:
            if case .dropped = requestContinuation.yield(IncomingRequest(handle: handle, agent: self)) {
                await reply(handle, 503, headers: [(.retryAfter, "5")])
            }
        default:
            // BYE, INFO, UPDATE … outside a dialog (§12.2.2, RFC 6665 for NOTIFY).
            await reply(handle, 481)
        }
    }

    /// Checks the request's Authorization against the policy; answers 401 with fresh challenges (stale=true when only
    /// the nonce expired) and returns false when the request may not proceed.
    func authenticate(_ handle: SIPServerTransactionHandle, policy: SIPAuthenticationPolicy, log: Logger) async -> Bool {
        let now = Int64(time(nil))
        let credentials = ((try? handle.request.headers.authorizations(.authorization)) ?? [])
            .filter { $0.realm == policy.server.realm }
        var stale = false
        if let credentials = credentials.first, let method = handle.request.method {
            let outcome = await policy.server.verify(credentials: credentials, method: method, body: handle.request.body, now: now,
                                                     lookup: policy.lookup)
            switch outcome {
            case .authenticated(let username):
                log.debug("authenticated \(username)")
                return true
            case .stale:
                stale = true
            case .rejected(let reason):
                log.notice("authentication from \(handle.source) rejected: \(reason)")
            }
        }
        var response = handle.makeResponse(401)
        for challenge in policy.server.challenge(now: now, stale: stale) {
            response.headers.append(.wwwAuthenticate, challenge.description)
        }
        response.headers.append(.server, configuration.product)
        await handle.respond(response)
        return false
    }

    var allowHeader: String { configuration.allowedMethods.map(\.rawValue).joined(separator: ", ") }

    func reply(_ handle: SIPServerTransactionHandle, _ status: Int, headers: [(SIPHeaderName, String)] = []) async {
        var response = handle.makeResponse(status)
        for (name, value) in headers { response.headers.append(name, value) }
        response.headers.append(.server, configuration.product)
        await handle.respond(response)
    }

    // MARK: - In dialog

    func handleInDialog(_ handle: SIPServerTransactionHandle, id: DialogID) async {
        let request = handle.request
        if request.method == .prack, calls[id] == nil, await receivePRACK(handle, dialog: id) { return }
        guard let method = request.method, var entry = calls[id] else {
            await reply(handle, 481)
            return
        }
        do {
            try entry.dialog.receive(request)
        } catch {
            await reply(handle, error.statusCode)
            return
        }
        calls[id] = entry
        switch method {
        case .bye:
            entry.logger.info("far end hung up")
            await reply(handle, 200)
            endCall(id, .remoteHangUp)
        case .info:
            await reply(handle, 200)
            entry.call.continuation.yield(.info(request))
        case .notify where (try? request.headers.event)?.package == "refer":
            await receiveReferNotify(handle, for: id)
        case .invite, .update:
            if let status = offerConflict(request, in: entry) {
                // RFC 3261 §14.2, RFC 3311 §5.2: one offer/answer exchange at a time.
                entry.logger.notice("\(method.rawValue) overlaps an exchange in progress: \(status)")
                let retry: [(SIPHeaderName, String)] = status == 500 ? [(.retryAfter, String(Int.random(in: 0...10)))] : []
                await reply(handle, status, headers: retry)
                return
            }
            // A refresh (RFC 4028) is negotiated like the first request; its headers go into our 2xx.
            var timer = entry.sessionTimer
            var timerHeaders: [SIPHeaderField] = []
            for action in timer.handle(.requestReceived(request)) {
                switch action {
                case .reject(let status, let headers):
                    await reply(handle, status, headers: headers.map { ($0.name, String($0.value)) })
                    return
                case .addToSuccessResponse(let headers):
                    timerHeaders = headers
                default:
                    break
                }
            }
            calls[id]?.sessionTimer = timer
            if method == .invite || !request.body.isEmpty { calls[id]?.answeringPeerRequest = true }
            let responder = SIPOfferResponder(handle: handle, contact: contactHeader(for: entry.transport), product: configuration.product,
                                              extraHeaders: timerHeaders, agent: self, dialog: id)
            if request.body.isEmpty, method == .invite {
                // A re-INVITE without an offer asks us to offer (§14.2); the media layer makes it.
                entry.call.continuation.yield(.offerRequested(request, responder))
            } else if request.body.isEmpty {
                // An UPDATE without an offer is a session refresh (RFC 4028 §9): nothing to negotiate.
                await responder.accept(answer: [])
            } else {
                entry.call.continuation.yield(.offer(request, responder))
            }
        case .options:
            await reply(handle, 200, headers: [(.allow, allowHeader), (.accept, "application/sdp")])
        default:
            await reply(handle, 501, headers: [(.allow, allowHeader)])
        }
    }

    /// The status for a re-INVITE or UPDATE that would start an offer/answer exchange while one is in progress: 500
    /// (with Retry-After) while the peer's last one waits for our answer, 491 while ours waits for the peer's; nil when
    /// it may go on. An UPDATE without a body (a session refresh) negotiates nothing and always may.
    func offerConflict(_ request: SIPMessage, in entry: CallEntry) -> Int? {
        guard request.method == .invite || !request.body.isEmpty else { return nil }
        if entry.answeringPeerRequest { return 500 }
        if entry.sendingReInvites > 0 || entry.pending2xx?.awaitsAnswer == true { return 491 }
        return nil
    }

    /// Our final response to the peer's re-INVITE or UPDATE has gone: the next may come.
    func peerRequestAnswered(_ id: DialogID) {
        calls[id]?.answeringPeerRequest = false
    }

    func endCall(_ id: DialogID, _ reason: SIPCallEndReason) {
        guard let entry = calls.removeValue(forKey: id) else { return }
        entry.pending2xx?.timer?.cancel()
        entry.pending2xx?.ackBody?.finish()
        for timer in entry.usageTimers.values { timer.cancel() }
        entry.refer?.continuation.finish()
        entry.call.finish(reason)
    }

    // MARK: - Answering

    func provisional(_ status: Int, for handle: SIPServerTransactionHandle, sdp: [UInt8]?) async {
        guard pendingInvites[handle.id] != nil else { return }
        var response = handle.makeResponse(status)
        response.headers.append(.contact, contactHeader(for: handle.source.transport))
        if let sdp { response.setBody(sdp, contentType: .sdp) }
        if needsReliableProvisionals(handle.request) {
            await sendReliably(response, for: handle)
        } else {
            await handle.respond(response)
        }
    }

    func reject(_ handle: SIPServerTransactionHandle, status: Int, reasonPhrase: String?, warning: (code: Int, text: String)?) async {
        guard pendingInvites.removeValue(forKey: handle.id) != nil else { return }
        forgetReliable(handle.id)
        var response = handle.makeResponse(status, reasonPhrase: reasonPhrase)
        if let warning { response.headers.append(.warning, "\(warning.code) herald " + SIPParameters.quote(warning.text)) }
        response.headers.append(.server, configuration.product)
        await handle.respond(response)
    }

    func redirect(_ handle: SIPServerTransactionHandle, to targets: [SIPURI]) async {
        guard pendingInvites.removeValue(forKey: handle.id) != nil else { return }
        var response = handle.makeResponse(302)
        for target in targets { response.headers.append(.contact, "<" + target.serialized + ">") }
        await handle.respond(response)
    }

    func answer(_ handle: SIPServerTransactionHandle, sdp: [UInt8]) async throws(SIPCallFailure) -> SIPCall {
        guard pendingInvites.removeValue(forKey: handle.id) != nil else {
            throw SIPCallFailure.rejected(status: 487, reason: "the caller cancelled")
        }
        let request = handle.request
        let dialog: Dialog
        do {
            dialog = try Dialog(uasFor: request, localTag: handle.localTag, secure: handle.source.transport == .tls)
        } catch {
            await reply(handle, error.statusCode)
            throw SIPCallFailure.rejected(status: error.statusCode, reason: error.description)
        }
        var sessionTimer = SessionTimer()
        var timerHeaders: [SIPHeaderField] = []
        for action in sessionTimer.handle(.requestReceived(request)) {
            switch action {
            case .reject(let status, let headers):
                // 422 Session Interval Too Small with our Min-SE: the caller retries with a longer interval.
                await reply(handle, status, headers: headers.map { ($0.name, String($0.value)) })
                throw SIPCallFailure.rejected(status: status, reason: SIPStatus.reasonPhrase(for: status))
            case .addToSuccessResponse(let headers):
                timerHeaders = headers
            default:
                break
            }
        }
        var response = handle.makeResponse(200)
        response.headers.append(.contact, contactHeader(for: handle.source.transport))
        response.headers.append(.allow, allowHeader)
        response.headers.append(.supported, configuration.supportedExtensions.joined(separator: ", "))
        response.headers.append(.server, configuration.product)
        for field in timerHeaders { response.headers.append(field) }
        response.setBody(sdp, contentType: .sdp)

        // The dialog is registered before the 200 OK leaves: sending suspends this actor, and the caller's
        // ACK and first in-dialog request (an INFO keypress, say) may arrive before it resumes.
        let call = SIPCall(id: dialog.id, invite: request, remoteSDP: request.body, localSDP: sdp, agent: self)
        let destination = (try? SIPResponseRouting.destination(forResponseTo: request, receivedFrom: handle.source)) ?? handle.source
        var entry = CallEntry(dialog: dialog, call: call, transport: handle.source.transport, logger: callLogger(dialog.id.callID))
        let t1 = configuration.transactions.timers.t1
        entry.pending2xx = Pending2xx(
            response: response, destination: destination, interval: t1, elapsed: .zero, timer: nil, awaitsAnswer: request.body.isEmpty)
        let timerActions = sessionTimer.handle(.successResponseSent)
        entry.sessionTimer = sessionTimer
        calls[dialog.id] = entry
        if await !sendFinalReliably(response, for: handle) { await handle.respond(response) }
        schedule2xxRetransmission(dialog.id)
        await performSessionTimer(timerActions, for: dialog.id)
        entry.logger.info("answered")
        return call
    }

    /// Keeps our 2xx to a re-INVITE going out until its ACK comes, as for the first INVITE.
    /// Remembers the SDP of a 2xx we send in the call, for the next session refresh.
    func sentInDialog(_ sdp: [UInt8], in id: DialogID) {
        calls[id]?.call.sent(sdp)
    }

    /// `ackBody` hears the ACK's body (or finishes without one when the call ends first).
    func retransmitUntilACK(
        _ response: SIPMessage, answering handle: SIPServerTransactionHandle, in id: DialogID, ackBody: AsyncStream<[UInt8]>.Continuation?
    ) {
        guard calls[id] != nil else {
            ackBody?.finish()
            return
        }
        let destination = (try? SIPResponseRouting.destination(forResponseTo: handle.request, receivedFrom: handle.source)) ?? handle.source
        calls[id]?.pending2xx?.timer?.cancel()
        calls[id]?.pending2xx?.ackBody?.finish()
        calls[id]?.pending2xx = Pending2xx(
            response: response, destination: destination, interval: configuration.transactions.timers.t1, elapsed: .zero, timer: nil,
            awaitsAnswer: ackBody != nil, ackBody: ackBody)
        schedule2xxRetransmission(id)
    }

    /// §13.3.1.4: resend the 2xx at T1, 2·T1 … capped at T2 over UDP, and give up at 64·T1 with a BYE.
    func schedule2xxRetransmission(_ id: DialogID) {
        guard let pending = calls[id]?.pending2xx else { return }
        let timer = scheduler.schedule(after: pending.interval) { [weak self] in await self?.retransmit2xx(id) }
        calls[id]?.pending2xx?.timer = timer
    }

    func retransmit2xx(_ id: DialogID) async {
        guard let pending = calls[id]?.pending2xx else { return }
        let timers = configuration.transactions.timers
        let elapsed = pending.elapsed + pending.interval
        if elapsed >= timers.t1 * 64 {
            calls[id]?.logger.warning("no ACK for our 200 OK within 64*T1: hanging up")
            await hangUp(id, reason: .ackTimeout)
            return
        }
        // The state moves on before the send suspends this actor: the ACK or a BYE handled meanwhile must not be
        // undone by writing back a copy taken before it.
        calls[id]?.pending2xx?.elapsed = elapsed
        calls[id]?.pending2xx?.interval = min(pending.interval * 2, timers.t2)
        schedule2xxRetransmission(id)
        // §13.3.1.4: "independent of whatever transport protocols are used" — a later hop may be UDP.
        try? await transport.send(pending.response, to: pending.destination)
    }

    func receivedACK(_ ack: SIPMessage) {
        guard let callID = try? ack.headers.callID, let toTag = try? ack.headers.to.tag, let fromTag = try? ack.headers.from.tag else { return }
        let id = DialogID(callID: callID, localTag: toTag, remoteTag: fromTag)
        // An ACK acknowledges the 2xx of the INVITE with its CSeq number (§17.1.1.3): a late copy of the first ACK
        // must not stop the retransmission of a re-INVITE's 2xx.
        guard var entry = calls[id], let pending = entry.pending2xx,
              (try? ack.headers.cseq.sequence) == (try? pending.response.headers.cseq.sequence)
        else { return }
        pending.timer?.cancel()
        entry.pending2xx = nil
        calls[id] = entry
        // A delayed offer (an INVITE or re-INVITE without SDP) gets its answer in the ACK; our offer is then the session.
        entry.call.confirm(answer: ack.body)
        if pending.ackBody != nil, !ack.body.isEmpty { entry.call.sent(pending.response.body) }
        pending.ackBody?.yield(ack.body)
        pending.ackBody?.finish()
        entry.logger.debug("ACK received")
    }
}
