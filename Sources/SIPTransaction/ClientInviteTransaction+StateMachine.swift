import SIPMessage

extension ClientInviteTransaction {
    /// Feeds one event to the machine and returns the actions to perform, in order (RFC 3261 §17.1.1.2, RFC 6026 §7.2).
    ///
    /// Actions never include a `cancelTimer` in the same batch as `terminate`: terminating stops every timer.
    public mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
        switch state {
        case .calling: calling(event)
        case .proceeding: proceeding(event)
        case .accepted: accepted(event)
        case .completed: completed(event)
        case .terminated: []
        }
    }

    /// Calling (§17.1.1.2): the INVITE is sent, and retransmitted on Timer A over unreliable transports.
    private mutating func calling(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .start:
            guard !started else { return [] }
            started = true
            var actions: [TransactionAction] = [.transmit(request)]
            if !transport.isReliable { actions.append(.startTimer(.A, timerAInterval)) }
            actions.append(.startTimer(.B, timers.timerB))
            return actions
        case .timerFired(.A):
            // "Reset A" with a doubled value: unlike Timer E, Timer A is not capped at T2 (§17.1.1.2).
            timerAInterval = timers.timerA(after: timerAInterval)
            return [.transmit(request), .startTimer(.A, timerAInterval)]
        case .timerFired(.B):
            state = .terminated
            return [.deliver(.timeout), .terminate]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .responseReceived(let response):
            return responseBeforeFinal(response)
        case .timerFired, .requestRetransmitted, .ackReceived, .tuResponse:
            return []
        }
    }

    /// Proceeding (§17.1.1.2): a provisional response arrived; no timer runs until a final response.
    private mutating func proceeding(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .responseReceived(let response):
            return responseBeforeFinal(response)
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .start, .timerFired, .requestRetransmitted, .ackReceived, .tuResponse:
            return []
        }
    }

    /// A response in Calling or Proceeding: 1xx → Proceeding, 2xx → Accepted (RFC 6026), 300–699 → Completed with an ACK.
    private mutating func responseBeforeFinal(_ response: SIPMessage) -> [TransactionAction] {
        guard let code = response.statusCode, (100..<700).contains(code) else { return [] }
        // Leaving Calling stops the retransmissions (A) and the timeout (B): Proceeding has no timer of its own.
        var actions: [TransactionAction] = []
        if state == .calling {
            if !transport.isReliable { actions.append(.cancelTimer(.A)) }
            actions.append(.cancelTimer(.B))
        }
        switch code {
        case 100..<200:
            state = .proceeding
            return actions + [.deliver(.response(response))]
        case 200..<300:
            state = .accepted
            return actions + [.deliver(.response(response)), .startTimer(.M, timers.timerM)]
        default:
            let ack = Self.ackWithResponseTo(ackTemplate, response: response)
            self.ack = ack
            let timerD = timers.timerD(over: transport)
            guard timerD > .zero else {
                state = .terminated
                return [.deliver(.response(response)), .transmit(ack), .terminate]
            }
            state = .completed
            return actions + [.deliver(.response(response)), .transmit(ack), .startTimer(.D, timerD)]
        }
    }

    /// Accepted (RFC 6026 §7.2): every further 2xx — a retransmission or another fork's answer — goes to the TU,
    /// which acknowledges it; the transaction itself sends nothing.
    private mutating func accepted(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .responseReceived(let response):
            guard let code = response.statusCode, SIPStatus.isSuccess(code) else { return [] }
            return [.deliver(.response(response))]
        case .timerFired(.M):
            state = .terminated
            return [.terminate]
        case .start, .timerFired, .requestRetransmitted, .ackReceived, .tuResponse, .transportError:
            return []
        }
    }

    /// Completed (§17.1.1.2): retransmissions of the final response are acknowledged again, not passed up.
    private mutating func completed(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .responseReceived(let response):
            guard let code = response.statusCode, (300..<700).contains(code), let ack else { return [] }
            return [.transmit(ack)]
        case .timerFired(.D):
            state = .terminated
            return [.terminate]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .start, .timerFired, .requestRetransmitted, .ackReceived, .tuResponse:
            return []
        }
    }
}
