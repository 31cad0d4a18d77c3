import SIPMessage

extension ServerInviteTransaction {
    /// Feeds one event to the machine and returns the actions to perform, in order (RFC 3261 §17.2.1, RFC 6026 §7.1).
    ///
    /// Actions never include a `cancelTimer` in the same batch as `terminate`: terminating stops every timer.
    public mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
        switch state {
        case .proceeding: proceeding(event)
        case .accepted: accepted(event)
        case .completed: completed(event)
        case .confirmed: confirmed(event)
        case .terminated: []
        }
    }

    /// Proceeding (§17.2.1): the TU works on the INVITE; retransmissions get the latest provisional response.
    private mutating func proceeding(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .start:
            guard !started else { return [] }
            started = true
            let trying = SIPResponseFactory.response(to: request, statusCode: 100)
            lastResponse = trying
            return [.transmit(trying)]
        case .requestRetransmitted:
            return lastResponse.map { [.transmit($0)] } ?? []
        case .tuResponse(let response):
            guard let code = response.statusCode, (100..<700).contains(code) else { return [] }
            lastResponse = response
            switch code {
            case 100..<200:
                return [.transmit(response)]
            case 200..<300:
                state = .accepted
                return [.transmit(response), .startTimer(.L, timers.timerL)]
            default:
                state = .completed
                var actions: [TransactionAction] = [.transmit(response)]
                if !transport.isReliable { actions.append(.startTimer(.G, timerGInterval)) }
                actions.append(.startTimer(.H, timers.timerH))
                return actions
            }
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .responseReceived, .ackReceived, .timerFired:
            return []
        }
    }

    /// Accepted (RFC 6026 §7.1): the 2xx is the TU's to retransmit; the transaction only forwards those
    /// retransmissions, swallows INVITE retransmissions and hands ACKs to the TU.
    private mutating func accepted(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .tuResponse(let response):
            guard let code = response.statusCode, SIPStatus.isSuccess(code) else { return [] }
            lastResponse = response
            return [.transmit(response)]
        case .ackReceived(let ack):
            return [.deliver(.ack(ack))]
        case .timerFired(.L):
            state = .terminated
            return [.terminate]
        case .start, .requestRetransmitted, .responseReceived, .timerFired, .transportError:
            return []
        }
    }

    /// Completed (§17.2.1): the non-2xx final response is retransmitted until the ACK arrives or Timer H gives up.
    private mutating func completed(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .requestRetransmitted:
            return lastResponse.map { [.transmit($0)] } ?? []
        case .timerFired(.G):
            timerGInterval = timers.cappedBackoff(after: timerGInterval)
            return (lastResponse.map { [.transmit($0)] } ?? []) + [.startTimer(.G, timerGInterval)]
        case .timerFired(.H):
            state = .terminated
            return [.deliver(.timeout), .terminate]
        case .ackReceived:
            let timerI = timers.timerI(over: transport)
            guard timerI > .zero else {
                state = .terminated
                return [.terminate]
            }
            state = .confirmed
            var actions: [TransactionAction] = []
            if !transport.isReliable { actions.append(.cancelTimer(.G)) }
            return actions + [.cancelTimer(.H), .startTimer(.I, timerI)]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .start, .responseReceived, .timerFired, .tuResponse:
            return []
        }
    }

    /// Confirmed (§17.2.1): ACK retransmissions are absorbed until Timer I.
    private mutating func confirmed(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .timerFired(.I):
            state = .terminated
            return [.terminate]
        case .start, .requestRetransmitted, .responseReceived, .ackReceived, .timerFired, .transportError, .tuResponse:
            return []
        }
    }
}
