import SIPMessage

extension ClientNonInviteTransaction {
    /// Feeds one event to the machine and returns the actions to perform, in order (RFC 3261 §17.1.2.2).
    ///
    /// Actions never include a `cancelTimer` in the same batch as `terminate`: terminating stops every timer.
    public mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
        switch state {
        case .trying, .proceeding: tryingOrProceeding(event)
        case .completed: completed(event)
        case .terminated: []
        }
    }

    /// Trying and Proceeding (§17.1.2.2): they differ only in the retransmission interval and in how a 1xx moves them.
    private mutating func tryingOrProceeding(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .start:
            guard !started else { return [] }
            started = true
            var actions: [TransactionAction] = [.transmit(request)]
            if !transport.isReliable { actions.append(.startTimer(.E, timerEInterval)) }
            actions.append(.startTimer(.F, timers.timerF))
            return actions
        case .timerFired(.E):
            // In Trying the interval doubles up to T2; once a 1xx has arrived the request is resent every T2.
            timerEInterval = state == .trying ? timers.cappedBackoff(after: timerEInterval) : timers.t2
            return [.transmit(request), .startTimer(.E, timerEInterval)]
        case .timerFired(.F):
            state = .terminated
            return [.deliver(.timeout), .terminate]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .responseReceived(let response):
            guard let code = response.statusCode, (100..<700).contains(code) else { return [] }
            if SIPStatus.isProvisional(code) {
                state = .proceeding
                return [.deliver(.response(response))]
            }
            let timerK = timers.timerK(over: transport)
            guard timerK > .zero else {
                state = .terminated
                return [.deliver(.response(response)), .terminate]
            }
            state = .completed
            return [.cancelTimer(.E), .cancelTimer(.F), .deliver(.response(response)), .startTimer(.K, timerK)]
        case .timerFired, .requestRetransmitted, .ackReceived, .tuResponse:
            return []
        }
    }

    /// Completed (§17.1.2.2): retransmitted final responses are absorbed until Timer K.
    private mutating func completed(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .timerFired(.K):
            state = .terminated
            return [.terminate]
        case .start, .timerFired, .responseReceived, .requestRetransmitted, .ackReceived, .tuResponse, .transportError:
            return []
        }
    }
}
