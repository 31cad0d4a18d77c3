public import SIPMessage

extension SIPTransactionLayer {
    /// Takes a parsed message from the transport (RFC 3261 §17.1.3, §17.2.3, §18.1.2, §18.2.1) and says what became
    /// of it.
    ///
    /// A request has its top Via stamped with `received`/`rport` (§18.2.1, RFC 3581), then goes to the server
    /// transaction it retransmits, or — for an ACK — to the INVITE transaction it acknowledges or else to the TU; a
    /// CANCEL is answered by the layer (200 when it matches an INVITE transaction, which the TU is told of, 481
    /// otherwise, §9.2); a merged request is answered 482 (§8.2.2.2); any other new request opens a server
    /// transaction (an INVITE's answers 100 Trying at once) and reaches the TU as a handle. A response goes to its
    /// client transaction; a 2xx to an INVITE that matches none goes to the TU as a stray 2xx, and anything else
    /// unmatched is dropped.
    @discardableResult
    public func receive(_ message: SIPMessage, from source: SIPTransportAddress) async -> SIPReceiveDisposition {
        if message.isRequest {
            await receiveRequest(message, from: source)
        } else {
            await receiveResponse(message, from: source)
        }
    }

    // MARK: - Responses

    private func receiveResponse(_ response: SIPMessage, from source: SIPTransportAddress) async -> SIPReceiveDisposition {
        let id: SIPClientTransactionID
        do throws(SIPTransactionError) {
            id = try SIPClientTransactionID(response: response)
        } catch {
            return .malformed(error)
        }
        if let actions = clients[id]?.machine.handle(.responseReceived(response)) {
            await perform(actions, for: .client(id), from: source)
            return .responseMatched(id)
        }
        if id.method == .invite, let code = response.statusCode, SIPStatus.isSuccess(code) {
            emit(.stray2xxResponse(response, source: source))
            return .stray2xxPassedToTransactionUser
        }
        return .responseDropped
    }

    // MARK: - Requests

    private func receiveRequest(_ received: SIPMessage, from source: SIPTransportAddress) async -> SIPReceiveDisposition {
        // Match on the request as it came: the stamp below must not change what identifies a transaction.
        let id: SIPServerTransactionID
        var request = received
        do throws(SIPTransactionError) {
            id = try SIPServerTransactionID(request: received)
            try SIPResponseRouting.stamp(&request, receivedFrom: source)
        } catch {
            return .malformed(error)
        }

        if request.method == .ack { return await receiveACK(request, id: id, from: source) }

        if let actions = servers[id]?.machine.handle(.requestRetransmitted) {
            await perform(actions, for: .server(id), from: source)
            return .retransmission(id)
        }

        let mergeKey: MergeKey
        let hasToTag: Bool
        do {
            let cseq = try request.headers.cseq
            mergeKey = MergeKey(fromTag: try request.headers.from.tag, callID: try request.headers.callID, sequence: cseq.sequence, method: cseq.method)
            hasToTag = try request.headers.to.tag != nil
        } catch {
            return .malformed(SIPTransactionError(wrapping: error))
        }

        guard transactionCount < configuration.maxTransactions else {
            await respondStatelessly(503, to: request, from: source)
            return .rejectedOverload
        }

        // §8.2.2.2: the same request reaching us twice by different paths (a forking proxy upstream) is answered 482
        // on the second path; only out-of-dialog requests (no To tag) are checked. A CANCEL shares the INVITE's
        // From tag, Call-ID and CSeq number but not its CSeq method, so it never counts as merged.
        let isMerged = !hasToTag && mergeIndex[mergeKey]?.isEmpty == false
        // Only transactions the TU works on are merge candidates; the layer's own 481/482 ones are not.
        let indexedKey = request.method == .cancel || isMerged ? nil : mergeKey
        let entry: ServerEntry
        do throws(SIPTransactionError) {
            entry = try createServerTransaction(for: request, id: id, from: source, mergeKey: indexedKey)
        } catch {
            return .malformed(error)
        }

        if request.method == .cancel { return await receiveCANCEL(request, id: id, from: source) }

        if isMerged {
            await respondInternally(SIPResponseFactory.response(to: request, statusCode: 482, toTag: entry.localTag), to: id)
            return .mergedRequest(id)
        }

        guard let actions = servers[id]?.machine.handle(.start) else { return .newServerTransaction(id) }
        // The TU hears of the request before the 100 Trying goes out: sending suspends the actor, and a CANCEL or
        // ACK handled meanwhile must not reach the TU ahead of the request it refers to.
        let handle = SIPServerTransactionHandle(
            id: id, request: request, source: source, localTag: entry.localTag, layer: self, serial: entry.serial)
        let delivered = emit(.request(handle))
        await perform(actions, for: .server(id), from: source)
        guard delivered else {
            // The TU is too far behind (or gone): answer now so that the transaction still ends on its timers.
            await respondInternally(SIPResponseFactory.response(to: request, statusCode: 503, toTag: entry.localTag), to: id)
            return .rejectedOverload
        }
        return .newServerTransaction(id)
    }

    /// An ACK: for the INVITE transaction it acknowledges (§17.2.3), or else the TU's (the ACK for a 2xx).
    private func receiveACK(_ ack: SIPMessage, id: SIPServerTransactionID, from source: SIPTransportAddress) async -> SIPReceiveDisposition {
        if let target = inviteTransaction(acknowledgedBy: ack, id: id),
           let actions = servers[target]?.machine.handle(.ackReceived(ack)) {
            await perform(actions, for: .server(target), from: source)
            return .ackMatched(target)
        }
        emit(.ack(ack, source: source))
        return .ackPassedToTransactionUser
    }

    /// The INVITE server transaction an ACK belongs to. With RFC 3261 branches the identifier says it; an RFC 2543 ACK
    /// carries the To tag of the response it acknowledges, which the INVITE did not have, so it also matches the
    /// transaction without To tag whose response carried that tag (§17.2.3).
    private func inviteTransaction(acknowledgedBy ack: SIPMessage, id: SIPServerTransactionID) -> SIPServerTransactionID? {
        if servers[id]?.machine.isInvite == true { return id }
        guard let untagged = id.withoutToTag, let entry = servers[untagged], entry.machine.isInvite,
              let response = entry.machine.lastResponse,
              let responseTag = try? response.headers.to.tag,
              let ackTag = try? ack.headers.to.tag, responseTag == ackTag
        else { return nil }
        return untagged
    }

    /// A new CANCEL (§9.2), whose transaction was just created: answered by the layer; the TU hears of it only when
    /// it stops an INVITE still waiting for its final response.
    private func receiveCANCEL(_ cancel: SIPMessage, id: SIPServerTransactionID, from source: SIPTransportAddress) async -> SIPReceiveDisposition {
        let inviteID = id.cancelledInviteID
        guard let invite = servers[inviteID], invite.machine.isInvite else {
            await respondInternally(SIPResponseFactory.response(to: cancel, statusCode: 481, toTag: makeTag()), to: id)
            return .cancelUnmatched(id)
        }
        // §9.2: the To tag of the 200 and of the INVITE's response SHOULD be the same.
        let tag = invite.machine.lastResponse.flatMap { try? $0.headers.to.tag } ?? invite.localTag
        let actions = servers[id]?.machine.handle(.tuResponse(SIPResponseFactory.response(to: cancel, statusCode: 200, toTag: tag))) ?? []
        // Decided before sending suspends the actor, so that the TU's own final response cannot slip in between.
        if invite.machine.isInviteAwaitingFinalResponse {
            let handle = SIPServerTransactionHandle(
                id: inviteID, request: invite.machine.request, source: invite.source, localTag: invite.localTag,
                layer: self, serial: invite.serial)
            emit(.cancelled(handle, cancel: cancel))
        }
        await perform(actions, for: .server(id), from: source)
        return .cancelMatched(invite: inviteID)
    }

    /// Opens a server transaction for a new request; its response destination is fixed now (§18.2.2).
    private func createServerTransaction(
        for request: SIPMessage, id: SIPServerTransactionID, from source: SIPTransportAddress, mergeKey: MergeKey?
    ) throws(SIPTransactionError) -> ServerEntry {
        let machine: ServerMachine
        if request.method == .invite {
            machine = .invite(try ServerInviteTransaction(request: request, transport: source.transport, timers: configuration.timers))
        } else {
            machine = .nonInvite(try ServerNonInviteTransaction(request: request, transport: source.transport, timers: configuration.timers))
        }
        let destination = try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: source)
        lastSerial += 1
        let entry = ServerEntry(
            machine: machine, source: source, responseDestination: destination, localTag: makeTag(), serial: lastSerial, mergeKey: mergeKey)
        servers[id] = entry
        if let mergeKey { mergeIndex[mergeKey, default: []].insert(id) }
        return entry
    }

    // MARK: - Responding

    /// Runs a TU response through its server transaction; false when the transaction is gone (or is a newer one
    /// under the same identifier, when `serial` is given) or sent nothing.
    func respond(_ response: SIPMessage, to id: SIPServerTransactionID, serial: UInt64? = nil) async -> Bool {
        guard response.statusCode != nil, serial == nil || servers[id]?.serial == serial,
              let actions = servers[id]?.machine.handle(.tuResponse(response))
        else { return false }
        await perform(actions, for: .server(id))
        return actions.contains { if case .transmit = $0 { true } else { false } }
    }

    /// A response the layer itself gives (482, 481, 200 to CANCEL, 503), through the request's transaction so that
    /// retransmissions of the request get it again.
    private func respondInternally(_ response: SIPMessage, to id: SIPServerTransactionID) async {
        _ = await respond(response, to: id)
    }

    /// A 503 without a transaction, when the layer has no room for one.
    private func respondStatelessly(_ statusCode: Int, to request: SIPMessage, from source: SIPTransportAddress) async {
        guard let destination = try? SIPResponseRouting.destination(forResponseTo: request, receivedFrom: source) else { return }
        try? await transmitter.transmit(SIPResponseFactory.response(to: request, statusCode: statusCode, toTag: makeTag()), to: destination)
    }
}
