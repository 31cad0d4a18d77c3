import Logging
import SIPDialog
import SIPMessage
import SIPTransaction

/// Dialog usages driven by the user agent: session timers (RFC 4028) and transfers by REFER (RFC 3515).
extension SIPUserAgent {
    /// A timer of a dialog usage, for cancellation by name.
    enum UsageTimer: Hashable {
        case session(SessionTimer.Timer)
        case refer(ReferSubscription.Timer)
        /// A session refresh met another exchange (491, or one of ours still open): sent again shortly.
        case refreshRetry
    }

    // MARK: - Session timers

    /// Performs a session timer's actions for a call (timers, refresh requests, BYE at expiry).
    func performSessionTimer(_ actions: [SessionTimer.Action], for id: DialogID) async {
        for action in actions {
            switch action {
            case .startTimer(let timer, let delay):
                startUsageTimer(.session(timer), after: delay, for: id)
            case .cancelTimer(let timer):
                cancelUsageTimer(.session(timer), for: id)
            case .sendRefresh(let method, let headers):
                await sendSessionRefresh(method, headers: headers, for: id)
            case .sendBye(let headers):
                calls[id]?.logger.warning("session timer expired without a refresh: hanging up")
                await hangUp(id, reason: .sessionExpired, extraHeaders: headers)
            case .reject, .addToSuccessResponse, .retryRequest:
                // Only answers to requests produce these; they are handled where the request is.
                break
            }
        }
    }

    /// Sends the refresh the session timer asks for: UPDATE without a body, or a re-INVITE offering the session as is.
    func sendSessionRefresh(_ method: SIPMethod, headers: [SIPHeaderField], for id: DialogID) async {
        guard let entry = calls[id] else { return }
        let body = method == .invite ? entry.call.localSDP : []
        let response: SIPMessage
        do {
            response = try await sendInDialog(method, in: id, body: body, contentType: body.isEmpty ? nil : .sdp, extraHeaders: headers)
        } catch .rejected(status: 491, _) {
            retryRefresh(method, headers: headers, for: id)
            return
        } catch {
            guard var current = calls[id] else { return }
            let actions = current.sessionTimer.handle(.requestTimedOut)
            calls[id] = current
            await performSessionTimer(actions, for: id)
            return
        }
        if response.statusCode == 491 {
            retryRefresh(method, headers: headers, for: id)
            return
        }
        if method == .invite, let status = response.statusCode, SIPStatus.isSuccess(status) {
            await acknowledgeReInvite(id)
        }
        guard var current = calls[id] else { return }
        let actions = current.sessionTimer.handle(.responseReceived(response))
        calls[id] = current
        await performSessionTimer(actions, for: id)
    }

    /// RFC 3261 §14.1: a re-INVITE that met another exchange (491 Request Pending) is sent again after a random
    /// 2.1–4 s; an UPDATE likewise.
    func retryRefresh(_ method: SIPMethod, headers: [SIPHeaderField], for id: DialogID) {
        calls[id]?.refreshToRetry = (method, headers)
        startUsageTimer(.refreshRetry, after: .milliseconds(Int.random(in: 2100...4000)), for: id)
    }

    /// Our 2xx to a peer's refresh went out: the session timer restarts its timers.
    func sessionRefreshAnswered(_ id: DialogID) async {
        guard var entry = calls[id] else { return }
        let actions = entry.sessionTimer.handle(.successResponseSent)
        calls[id] = entry
        await performSessionTimer(actions, for: id)
    }

    // MARK: - Transfers

    /// Sends REFER in a call and returns the progress reported by the transferee's NOTIFYs.
    func refer(_ id: DialogID, to target: ReferTarget, referredBy: NameAddress?) async throws(SIPCallFailure) -> AsyncStream<ReferSubscription.Outcome> {
        guard var entry = calls[id], let hop = entry.dialog.nextHop(defaultTransport: entry.transport) else {
            throw SIPCallFailure.rejected(status: 481, reason: "the call has ended")
        }
        let (outcomes, continuation) = AsyncStream.makeStream(of: ReferSubscription.Outcome.self)
        var machine = ReferSubscription(t1: configuration.transactions.timers.t1)
        let request = ReferSubscription.makeRefer(to: target, referredBy: referredBy)
            .make(in: &entry.dialog, via: makeVia(for: hop.transport), contact: contactURI(for: hop.transport))
        let sent = machine.handle(.referSent(request))
        entry.refer = (machine, continuation)
        calls[id] = entry
        entry.logger.info("transferring to \(target.description)")
        await performRefer(sent, for: id, request: nil)
        let response = try await finalResponse(request, to: hop)
        guard var current = calls[id], var subscription = current.refer?.machine else { return outcomes }
        let actions = subscription.handle(.responseReceived(response))
        current.refer?.machine = subscription
        calls[id] = current
        await performRefer(actions, for: id, request: nil)
        return outcomes
    }

    /// Feeds an in-dialog NOTIFY for our REFER to its subscription.
    func receiveReferNotify(_ handle: SIPServerTransactionHandle, for id: DialogID) async {
        guard var entry = calls[id], var machine = entry.refer?.machine else {
            await reply(handle, 481)
            return
        }
        let actions = machine.handle(.notifyReceived(handle.request))
        entry.refer?.machine = machine
        calls[id] = entry
        await performRefer(actions, for: id, request: handle)
    }

    func performRefer(_ actions: [ReferSubscription.Action], for id: DialogID, request handle: SIPServerTransactionHandle?) async {
        for action in actions {
            switch action {
            case .respond(let status, let headers):
                if let handle { await reply(handle, status, headers: headers.map { ($0.name, String($0.value)) }) }
            case .report(let outcome):
                calls[id]?.refer?.continuation.yield(outcome)
                switch outcome {
                case .succeeded, .failed, .rejected, .subscriptionTerminated:
                    calls[id]?.refer?.continuation.finish()
                case .accepted(let subscription):
                    if !subscription { calls[id]?.refer?.continuation.finish() }
                case .progress:
                    break
                }
            case .startTimer(let timer, let delay):
                startUsageTimer(.refer(timer), after: delay, for: id)
            case .cancelTimer(let timer):
                cancelUsageTimer(.refer(timer), for: id)
            }
        }
    }

    // MARK: - Usage timers

    func startUsageTimer(_ timer: UsageTimer, after delay: Duration, for id: DialogID) {
        cancelUsageTimer(timer, for: id)
        let scheduled = scheduler.schedule(after: delay) { [weak self] in await self?.usageTimerFired(timer, for: id) }
        calls[id]?.usageTimers[timer] = scheduled
    }

    func cancelUsageTimer(_ timer: UsageTimer, for id: DialogID) {
        calls[id]?.usageTimers.removeValue(forKey: timer)?.cancel()
    }

    func usageTimerFired(_ timer: UsageTimer, for id: DialogID) async {
        guard var entry = calls[id], entry.usageTimers.removeValue(forKey: timer) != nil else { return }
        switch timer {
        case .session(let name):
            let actions = entry.sessionTimer.handle(.timerFired(name))
            calls[id] = entry
            await performSessionTimer(actions, for: id)
        case .refer(let name):
            guard var machine = entry.refer?.machine else { return }
            let actions = machine.handle(.timerFired(name))
            entry.refer?.machine = machine
            calls[id] = entry
            await performRefer(actions, for: id, request: nil)
        case .refreshRetry:
            calls[id] = entry
            guard let (method, headers) = entry.refreshToRetry else { return }
            await sendSessionRefresh(method, headers: headers, for: id)
        }
    }
}
