import SIPMessage

/// The transaction layer of RFC 3261 §17: owns every client and server transaction, feeds them messages and timer
/// fires, and performs their actions through an injected transmitter and scheduler.
///
/// The transport calls `receive(_:from:)` for every parsed message. The TU sends requests with
/// `sendRequest(_:to:)`, which returns that transaction's events as an `AsyncStream`, and reads the server side from
/// `events`: new requests (as `SIPServerTransactionHandle`s to respond through), cancellations, ACKs for 2xx, stray
/// 2xx retransmissions and failures.
///
/// Why streams rather than a delegate: the TU (the dialog layer) is one consumer that wants events in arrival order,
/// and a stream gives it exactly that with `for await`, without the layer ever calling into the TU — so there is no
/// re-entrancy into the actor from a callback, no weak delegate to manage, and the TU's speed cannot stall the
/// layer. The stream's buffer is bounded (`Configuration.eventBufferLimit`): when the TU falls behind, new requests
/// are answered 503 instead of queueing without end. Client transactions get a stream each, which ends when nothing
/// more can come, so a caller can simply iterate it.
///
/// State stays bounded: a transaction is removed the moment it terminates (with its timers), and the number of live
/// transactions is capped (`Configuration.maxTransactions`).
public actor SIPTransactionLayer {
    /// Server-side events for the transaction user, in arrival order (see `SIPTransactionLayerEvent`).
    public nonisolated let events: AsyncStream<SIPTransactionLayerEvent>
    /// The limits and timer values.
    public nonisolated let configuration: Configuration

    let eventContinuation: AsyncStream<SIPTransactionLayerEvent>.Continuation
    let transmitter: any SIPMessageTransmitter
    let scheduler: any SIPTimerScheduler
    let makeTag: @Sendable () -> String

    var clients: [SIPClientTransactionID: ClientEntry] = [:]
    var servers: [SIPServerTransactionID: ServerEntry] = [:]
    /// Live TU-facing server transactions by §8.2.2.2 key.
    var mergeIndex: [MergeKey: Set<SIPServerTransactionID>] = [:]
    var timers: [TransactionRef: [TransactionTimer: RunningTimer]] = [:]
    /// §9.1 guards: INVITE client transactions the TU has sent a CANCEL for, given up 64·T1 later.
    var cancelGuards: [SIPClientTransactionID: RunningTimer] = [:]
    /// The last timer generation and server transaction serial handed out.
    var lastGeneration: UInt64 = 0
    var lastSerial: UInt64 = 0

    /// Creates a layer.
    ///
    /// - Parameters:
    ///   - transmitter: the transport's sending side.
    ///   - scheduler: the clock; `ManualTimerScheduler` in tests.
    ///   - configuration: timers and limits.
    ///   - makeTag: makes the To tags of the layer's own responses (481, 482, 503, 200 to CANCEL) and of handles.
    public init(
        transmitter: any SIPMessageTransmitter,
        scheduler: any SIPTimerScheduler = ContinuousClockTimerScheduler(),
        configuration: Configuration = Configuration(),
        makeTag: @escaping @Sendable () -> String = SIPResponseFactory.makeTag
    ) {
        self.transmitter = transmitter
        self.scheduler = scheduler
        self.configuration = configuration
        self.makeTag = makeTag
        (events, eventContinuation) = AsyncStream.makeStream(
            of: SIPTransactionLayerEvent.self, bufferingPolicy: .bufferingOldest(max(1, configuration.eventBufferLimit)))
    }

    deinit {
        eventContinuation.finish()
    }

    /// The number of live transactions, client and server.
    public var transactionCount: Int { clients.count + servers.count }

    /// The number of live client transactions.
    public var clientTransactionCount: Int { clients.count }

    /// The number of live server transactions.
    public var serverTransactionCount: Int { servers.count }

    // MARK: - Performing actions

    /// Performs a machine's actions in order, except that transmissions wait until the bookkeeping (timers, TU
    /// events, removal) is done: sending suspends the actor, and another message handled meanwhile must find the
    /// transaction's timers and state already consistent with this batch.
    func perform(
        _ actions: [TransactionAction], for ref: TransactionRef, transportError: SIPTransactionError? = nil,
        from source: SIPTransportAddress? = nil
    ) async {
        guard !actions.isEmpty else { return }
        let destination = destination(of: ref)
        var outgoing: [SIPMessage] = []
        for action in actions {
            switch action {
            case .transmit(let message): outgoing.append(message)
            case .startTimer(let timer, let delay): startTimer(timer, after: delay, for: ref)
            case .cancelTimer(let timer): cancelTimer(timer, for: ref)
            case .deliver(let delivery): deliver(delivery, for: ref, transportError: transportError, from: source)
            case .terminate: remove(ref)
            }
        }
        guard let destination else { return }
        for message in outgoing {
            do {
                try await transmitter.transmit(message, to: destination)
            } catch {
                await transportFailed(ref, SIPTransactionError(.transportFailed, String(describing: error)))
            }
        }
    }

    /// Feeds a transport error to the transaction that sent the message (§17.1.4, §17.2.4). A server transaction that
    /// had already terminated (a reliable transport's last response) still reports the failure to the TU.
    func transportFailed(_ ref: TransactionRef, _ error: SIPTransactionError) async {
        switch ref {
        case .client(let id):
            guard let actions = clients[id]?.machine.handle(.transportError) else { return }
            await perform(actions, for: ref, transportError: error)
        case .server(let id):
            guard let actions = servers[id]?.machine.handle(.transportError) else {
                emit(.serverTransactionFailed(id, .transportError(error)))
                return
            }
            await perform(actions, for: ref, transportError: error)
        }
    }

    func destination(of ref: TransactionRef) -> SIPTransportAddress? {
        switch ref {
        case .client(let id): clients[id]?.destination
        case .server(let id): servers[id]?.responseDestination
        }
    }

    /// Turns a machine's delivery into a TU event; `source` is where the message that caused it came from.
    func deliver(_ delivery: TransactionDelivery, for ref: TransactionRef, transportError: SIPTransactionError?, from source: SIPTransportAddress?) {
        let error = transportError ?? SIPTransactionError(.transportFailed, "transport error")
        switch ref {
        case .client(let id):
            guard let entry = clients[id] else { return }
            switch delivery {
            case .response(let response):
                let code = response.statusCode ?? 0
                if SIPStatus.isProvisional(code) {
                    entry.continuation.yield(.provisional(response))
                } else {
                    entry.continuation.yield(.final(response))
                    // Only an INVITE's 2xx can be followed by more (RFC 6026 Accepted); otherwise end the stream
                    // now rather than when Timer D or K lets the transaction go.
                    if !(entry.machine.isInvite && SIPStatus.isSuccess(code)) { entry.continuation.finish() }
                }
            case .timeout: entry.continuation.yield(.timeout)
            case .transportError: entry.continuation.yield(.transportError(error))
            case .ack: break
            }
        case .server(let id):
            switch delivery {
            case .timeout: emit(.serverTransactionFailed(id, .timeout))
            case .transportError: emit(.serverTransactionFailed(id, .transportError(error)))
            case .ack(let ack):
                guard let source = source ?? servers[id]?.source else { return }
                emit(.ack(ack, source: source))
            case .response: break
            }
        }
    }

    /// Destroys a terminated transaction at once (§17.1.1.2, §17.2.1): its timers stop and its indexes forget it.
    func remove(_ ref: TransactionRef) {
        if let running = timers.removeValue(forKey: ref) {
            for entry in running.values { entry.timer.cancel() }
        }
        switch ref {
        case .client(let id):
            clients.removeValue(forKey: id)?.continuation.finish()
            cancelGuards.removeValue(forKey: id)?.timer.cancel()
        case .server(let id):
            guard let entry = servers.removeValue(forKey: id), let key = entry.mergeKey else { return }
            mergeIndex[key]?.remove(id)
            if mergeIndex[key]?.isEmpty == true { mergeIndex.removeValue(forKey: key) }
        }
    }

    @discardableResult
    func emit(_ event: SIPTransactionLayerEvent) -> Bool {
        if case .enqueued = eventContinuation.yield(event) { return true }
        return false
    }

    // MARK: - Timers

    func startTimer(_ timer: TransactionTimer, after delay: Duration, for ref: TransactionRef) {
        cancelTimer(timer, for: ref)
        lastGeneration += 1
        let generation = lastGeneration
        let scheduled = scheduler.schedule(after: delay) { [weak self] in
            await self?.timerFired(timer, for: ref, generation: generation)
        }
        timers[ref, default: [:]][timer] = RunningTimer(generation: generation, timer: scheduled)
    }

    func cancelTimer(_ timer: TransactionTimer, for ref: TransactionRef) {
        timers[ref]?.removeValue(forKey: timer)?.timer.cancel()
    }

    /// A timer fired: ignored unless it is the one currently running under that name for that transaction, since a
    /// cancelled or restarted timer may still fire once on a real clock.
    func timerFired(_ timer: TransactionTimer, for ref: TransactionRef, generation: UInt64) async {
        guard timers[ref]?[timer]?.generation == generation else { return }
        timers[ref]?.removeValue(forKey: timer)
        let actions: [TransactionAction]
        switch ref {
        case .client(let id): actions = clients[id]?.machine.handle(.timerFired(timer)) ?? []
        case .server(let id): actions = servers[id]?.machine.handle(.timerFired(timer)) ?? []
        }
        await perform(actions, for: ref)
    }
}
