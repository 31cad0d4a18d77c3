import Logging
import SIPDialog
import SIPMessage
public import SIPTransaction
public import SIPTransport

/// A SIP user agent: transport, transactions and dialogs composed behind an async API (RFC 3261 §8, §12–§15).
///
/// Incoming calls arrive on `incomingCalls`; `call(to:…)` places one and returns when it is answered or failed;
/// `request(_:to:…)` sends out-of-dialog requests such as OPTIONS and NOTIFY. Requests that break the rules are
/// answered here, before any application code sees them: 400 (with the parse error as reason), 405/501, 415, 420,
/// 481, 483, and the transaction layer's 482 and 503.
public actor SIPUserAgent {
    /// The configuration.
    public nonisolated let configuration: SIPUserAgentConfiguration
    /// The transport underneath.
    public nonisolated let transport: SIPTransport
    /// New calls (out-of-dialog INVITEs that passed every check), in arrival order.
    public nonisolated let incomingCalls: AsyncStream<IncomingCall>
    /// Out-of-dialog requests the configuration delivers (unsolicited NOTIFYs of `deliveredEventPackages`).
    public nonisolated let incomingRequests: AsyncStream<IncomingRequest>

    let layer: SIPTransactionLayer
    let scheduler: any SIPTimerScheduler
    let incomingContinuation: AsyncStream<IncomingCall>.Continuation
    let requestContinuation: AsyncStream<IncomingRequest>.Continuation
    var calls: [DialogID: CallEntry] = [:]
    var pendingInvites: [SIPServerTransactionID: SIPServerTransactionHandle] = [:]
    var reliable: [SIPServerTransactionID: ReliableEntry] = [:]
    var reliableByDialog: [DialogID: SIPServerTransactionID] = [:]
    var loops: [Task<Void, Never>] = []

    /// One established call's state.
    struct CallEntry {
        var dialog: Dialog
        let call: SIPCall
        let transport: SIPTransportAddress.Transport
        var logger: Logger
        /// Our 2xx to the peer's INVITE, retransmitted until its ACK (§13.3.1.4).
        var pending2xx: Pending2xx?
        /// Our last ACK, re-sent when the peer retransmits its 2xx (§13.2.2.4).
        var lastACK: (ack: SIPMessage, destination: SIPTransportAddress)?
        /// RFC 4028 session timer.
        var sessionTimer = SessionTimer()
        /// Our REFER's subscription, while a transfer is in progress.
        var refer: (machine: ReferSubscription, continuation: AsyncStream<ReferSubscription.Outcome>.Continuation)?
        /// Running timers of the usages above.
        var usageTimers: [UsageTimer: any SIPScheduledTimer] = [:]
        /// A re-INVITE or UPDATE of the peer's waits for our final response (§14.2: another one gets 500).
        var answeringPeerRequest = false
        /// Our re-INVITEs waiting for their final response (§14.2: one of the peer's gets 491).
        var sendingReInvites = 0
        /// A session refresh to send again after it met another exchange.
        var refreshToRetry: (method: SIPMethod, headers: [SIPHeaderField])?

        /// Whether an offer/answer exchange is open in either direction (§14.1: no new INVITE of ours meanwhile).
        var exchangeOpen: Bool {
            answeringPeerRequest || sendingReInvites > 0 || pending2xx?.awaitsAnswer == true
        }
    }

    struct Pending2xx {
        let response: SIPMessage
        let destination: SIPTransportAddress
        var interval: Duration
        var elapsed: Duration
        var timer: (any SIPScheduledTimer)?
        /// Our 2xx carried an offer (the INVITE had none), so the ACK brings the answer.
        var awaitsAnswer = false
        /// Who waits for the ACK's body, for a re-INVITE without an offer.
        var ackBody: AsyncStream<[UInt8]>.Continuation?
    }

    /// Creates a user agent over a started transport.
    public init(
        configuration: SIPUserAgentConfiguration = SIPUserAgentConfiguration(), transport: SIPTransport,
        scheduler: any SIPTimerScheduler = ContinuousClockTimerScheduler()
    ) {
        self.configuration = configuration
        self.transport = transport
        self.scheduler = scheduler
        self.layer = SIPTransactionLayer(
            transmitter: TransportTransmitter(transport: transport), scheduler: scheduler,
            configuration: configuration.transactions)
        (incomingCalls, incomingContinuation) = AsyncStream.makeStream(of: IncomingCall.self, bufferingPolicy: .bufferingOldest(1_000))
        (incomingRequests, requestContinuation) = AsyncStream.makeStream(of: IncomingRequest.self, bufferingPolicy: .bufferingOldest(1_000))
    }

    var logger: Logger { configuration.logger }

    /// Starts reading from the transport and the transaction layer.
    public func start() {
        guard loops.isEmpty else { return }
        let transport = self.transport, layer = self.layer
        loops.append(Task { [weak self] in
            for await event in transport.events {
                guard let self else { return }
                await self.handleTransportEvent(event)
            }
        })
        loops.append(Task { [weak self] in
            for await event in layer.events {
                guard let self else { return }
                await self.handleLayerEvent(event)
            }
        })
    }

    /// Ends every call, stops reading and closes the transport.
    public func shutdown() async {
        for (_, entry) in calls {
            entry.pending2xx?.timer?.cancel()
            for timer in entry.usageTimers.values { timer.cancel() }
            entry.refer?.continuation.finish()
            entry.call.finish(.shutdown)
        }
        calls.removeAll()
        incomingContinuation.finish()
        requestContinuation.finish()
        for loop in loops { loop.cancel() }
        loops.removeAll()
        await transport.shutdown()
    }

    /// The number of established calls.
    public var callCount: Int { calls.count }

    // MARK: - Addresses

    /// Our address for a transport: the listener of that transport, else any listener (a TLS client may have none).
    func localAddress(for kind: SIPTransportAddress.Transport) -> SIPTransportAddress {
        let bound = transport.localAddress(kind) ?? transport.localAddresses.first ?? SIPTransportAddress(kind, host: "127.0.0.1", port: kind.defaultPort)
        return SIPTransportAddress(kind, host: configuration.advertisedHost ?? bound.host, port: bound.port)
    }

    func makeVia(for kind: SIPTransportAddress.Transport) -> SIPVia {
        let local = localAddress(for: kind)
        return SIPVia(transport: kind.rawValue, host: local.hostForURI, port: local.port,
                      branch: SIPVia.magicCookie + SIPResponseFactory.makeTag() + SIPResponseFactory.makeTag())
    }

    func contactURI(for kind: SIPTransportAddress.Transport) -> SIPURI {
        let local = localAddress(for: kind)
        var parameters = SIPParameters()
        if kind != .udp { parameters.append("transport", kind.rawValue.lowercased()) }
        return SIPURI(scheme: .sip, user: configuration.user, host: local.hostForURI, port: local.port, parameters: parameters)
    }

    func contactHeader(for kind: SIPTransportAddress.Transport) -> String { "<" + contactURI(for: kind).serialized + ">" }

    func callLogger(_ callID: String) -> Logger {
        var logger = configuration.logger
        logger[metadataKey: "sip.call_id"] = "\(callID)"
        return logger
    }
}
