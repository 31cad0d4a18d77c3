public import SIPMessage

extension SIPTransactionLayer {
    /// Sends a request in a new client transaction (RFC 3261 §17.1) and returns its events.
    ///
    /// The request must carry a top Via with a unique branch (§8.1.1.7); an INVITE gets an INVITE client transaction
    /// (which also acknowledges a non-2xx final response itself), any other method a non-INVITE one. Over UDP the
    /// request is retransmitted by Timer A or E; a missing final response ends in `.timeout` at 64·T1. To cancel an
    /// INVITE, send `ClientInviteTransaction.cancel(for:)` to the same destination.
    ///
    /// Throws for an ACK (see `sendACK(_:to:)`), a request without a usable Via/branch or CSeq, a branch already in
    /// use, or when the layer is full.
    public func sendRequest(_ request: SIPMessage, to destination: SIPTransportAddress) async throws(SIPTransactionError) -> AsyncStream<SIPClientTransactionEvent> {
        let machine: ClientMachine
        if request.method == .invite {
            machine = .invite(try ClientInviteTransaction(request: request, transport: destination.transport, timers: configuration.timers))
        } else {
            machine = .nonInvite(try ClientNonInviteTransaction(request: request, transport: destination.transport, timers: configuration.timers))
        }
        let id = machine.id
        guard clients[id] == nil else { throw SIPTransactionError(.transactionExists, "a client transaction \(id) already exists") }
        guard transactionCount < configuration.maxTransactions else {
            throw SIPTransactionError(.tooManyTransactions, "the transaction layer holds \(transactionCount) transactions")
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: SIPClientTransactionEvent.self, bufferingPolicy: .bufferingOldest(max(1, configuration.clientEventBufferLimit)))
        clients[id] = ClientEntry(machine: machine, destination: destination, continuation: continuation)
        if request.method == .cancel { guardCancelledInvite(SIPClientTransactionID(branch: id.branch, method: .invite)) }
        let actions = clients[id]?.machine.handle(.start) ?? []
        await perform(actions, for: .client(id))
        return stream
    }

    /// RFC 3261 §9.1: "If no final response has been received after 64*T1 seconds, the client SHOULD consider the
    /// INVITE transaction cancelled and destroy it." Without this an INVITE answered 1xx whose UAS then vanished
    /// would stay in Proceeding for ever, since Proceeding has no timer of its own. The TU hears `.timeout`.
    private func guardCancelledInvite(_ inviteID: SIPClientTransactionID) {
        guard clients[inviteID]?.machine.isInviteAwaitingFinalResponse == true, cancelGuards[inviteID] == nil else { return }
        lastGeneration += 1
        let generation = lastGeneration
        let timer = scheduler.schedule(after: configuration.timers.sixtyFourT1) { [weak self] in
            await self?.cancelGuardFired(inviteID, generation: generation)
        }
        cancelGuards[inviteID] = RunningTimer(generation: generation, timer: timer)
    }

    private func cancelGuardFired(_ inviteID: SIPClientTransactionID, generation: UInt64) {
        guard cancelGuards[inviteID]?.generation == generation else { return }
        cancelGuards.removeValue(forKey: inviteID)
        guard let entry = clients[inviteID], entry.machine.isInviteAwaitingFinalResponse else { return }
        entry.continuation.yield(.timeout)
        remove(.client(inviteID))
    }

    /// Sends the ACK for a 2xx, which is no transaction's (§13.2.2.4, §17.1.1.3): the TU builds it and it goes
    /// straight to the transport. Throws for a non-ACK or when the transport fails.
    public func sendACK(_ ack: SIPMessage, to destination: SIPTransportAddress) async throws(SIPTransactionError) {
        guard ack.method == .ack else { throw SIPTransactionError(.wrongMessageKind, "sendACK sends an ACK") }
        do {
            try await transmitter.transmit(ack, to: destination)
        } catch {
            throw SIPTransactionError(.transportFailed, String(describing: error))
        }
    }
}
