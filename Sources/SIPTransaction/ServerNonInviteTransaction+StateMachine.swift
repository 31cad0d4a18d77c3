import SIPMessage

extension ServerNonInviteTransaction {
    /// Feeds one event to the machine and returns the actions to perform, in order (RFC 3261 §17.2.2).
    public mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
        switch state {
        case .trying, .proceeding: tryingOrProceeding(event)
        case .completed: completed(event)
        case .terminated: []
        }
    }

    /// Trying and Proceeding (§17.2.2): the TU is working; a retransmission gets the last provisional response, if any.
    private mutating func tryingOrProceeding(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .requestRetransmitted:
            // In Trying there is nothing to repeat, so the retransmission is discarded (lastResponse is nil).
            return lastResponse.map { [.transmit($0)] } ?? []
        case .tuResponse(let response):
            guard let code = response.statusCode, (100..<700).contains(code) else { return [] }
            lastResponse = response
            if SIPStatus.isProvisional(code) {
                state = .proceeding
                return [.transmit(response)]
            }
            let timerJ = timers.timerJ(over: transport)
            guard timerJ > .zero else {
                state = .terminated
                return [.transmit(response), .terminate]
            }
            state = .completed
            return [.transmit(response), .startTimer(.J, timerJ)]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .start, .responseReceived, .ackReceived, .timerFired:
            return []
        }
    }

    /// Completed (§17.2.2): the final response answers every retransmission until Timer J.
    private mutating func completed(_ event: TransactionEvent) -> [TransactionAction] {
        switch event {
        case .requestRetransmitted:
            return lastResponse.map { [.transmit($0)] } ?? []
        case .timerFired(.J):
            state = .terminated
            return [.terminate]
        case .transportError:
            state = .terminated
            return [.deliver(.transportError), .terminate]
        case .start, .responseReceived, .ackReceived, .timerFired, .tuResponse:
            return []
        }
    }
}
