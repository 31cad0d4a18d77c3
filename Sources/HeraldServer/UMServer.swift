import CallControl
import CoreMetrics
public import Codecs
public import Directory
import Foundation
public import Logging
import MediaEngine
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Speech
public import Store
import Synchronization
import Voicemail

/// `herald serve`: the UM server process — SIP listeners, the media engine, prompts, and the router that
/// sends each call to its flow.
public final class UMServer: Sendable {
    /// A listening address, as printed at start.
    public struct Listener: Sendable, CustomStringConvertible {
        /// `udp`, `tcp` or `tls`.
        public var transport: String
        /// The bound address and port.
        public var address: String
        /// `transport host:port`.
        public var description: String { "\(transport) \(address)" }
    }

    let options: ServerOptions
    let logger: Logger
    let agent: SIPUserAgent
    let engine: MediaEngine
    let prompts: PromptStore
    let store: any HeraldStore
    let voicemail: VoicemailServices
    let status: StatusHTTPServer?
    let metrics = CallMetrics()
    private let state = Mutex(State())

    private struct State {
        var draining = false
        var activeCalls = 0
        /// Resumed when the last call in progress ends during a shutdown.
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private init(
        options: ServerOptions, logger: Logger, agent: SIPUserAgent, engine: MediaEngine, prompts: PromptStore, store: any HeraldStore,
        voicemail: VoicemailServices, status: StatusHTTPServer?
    ) {
        self.voicemail = voicemail
        self.status = status
        self.options = options
        self.logger = logger
        self.agent = agent
        self.engine = engine
        self.prompts = prompts
        self.store = store
    }

    /// Commits the messages a crash left half-recorded, opens the listeners, prepares the prompts (synthesized once
    /// into the data directory) and returns the server with what it listens on. Calls are routed against `store`'s
    /// directory as it is when each call arrives, so admin changes apply to the next call.
    public static func start(options: ServerOptions, store: any HeraldStore, logger: Logger) async throws -> (UMServer, [Listener]) {
        let data = URL(fileURLWithPath: options.dataDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let files = MailboxFiles(root: data)
        let recovered = await MessageRecovery.recover(
            files: files, store: store, repair: { path in try WAVRecovery.repair(path: path) }, logger: logger)
        if !recovered.isEmpty { logger.notice("messages recovered after a restart", metadata: ["count": "\(recovered.count)"]) }
        var tls: SIPTLSConfiguration?
        if options.listeners.contains(where: { $0.transport == .tls }) {
            let files: ServerOptions.TLSFiles
            if let configured = options.tls {
                files = configured
            } else {
                let made = try await DemoCertificate.ensure(in: data)
                files = ServerOptions.TLSFiles(certificate: made.certificate, key: made.key)
            }
            tls = SIPTLSConfiguration(
                certificateChainPath: files.certificate, privateKeyPath: files.key, trustRootsPath: files.trustRoots,
                serverVerification: files.trustRoots == nil ? .none : .chainOnly)
        }
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: options.listeners, tls: tls))
        try await transport.start()
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: "herald", logger: logger), transport: transport)
        await agent.start()
        var mediaConfiguration = MediaEngineConfiguration(
            bindAddress: options.mediaAddress, advertisedAddress: options.advertisedMediaAddress, portRange: options.rtpPorts,
            codecPreference: options.codecs)
        mediaConfiguration.mediaTimeout = options.mediaTimeout
        mediaConfiguration.holdTimeout = options.holdTimeout
        let engine = MediaEngine(configuration: mediaConfiguration, logger: logger)
        let prompts = PromptStore(directory: data.appendingPathComponent("prompts"), catalog: try PromptCatalog(language: "en-US"))
        // Narrowband prompts are made before the first call; wideband ones on first use (then cached too).
        _ = try prompts.warmUp(sampleRate: 8000)
        var bound: [Listener] = []
        for kind in [SIPTransportAddress.Transport.udp, .tcp, .tls] {
            if let address = transport.localAddress(kind) {
                bound.append(Listener(transport: kind.rawValue.lowercased(), address: "\(address.host):\(address.port)"))
            }
        }
        let lamps = MessageWaitingPublisher(agent: agent, store: store, logger: logger)
        let voicemail = VoicemailServices(store: store, files: files, messageWaiting: lamps)
        let server = Mutex<UMServer?>(nil)
        var status: StatusHTTPServer?
        if let http = options.http {
            ServerMetrics.bootstrap()
            do {
                let started = try await StatusHTTPServer.start(host: http.host, port: http.port) {
                    server.withLock { $0.map { !$0.isDraining } ?? true }
                }
                bound.append(Listener(transport: "http", address: started.address))
                status = started
            } catch where options.httpOptional {
                logger.warning(
                    "the HTTP port could not be opened: running without /metrics and /health (choose another with --http-port)",
                    metadata: ["address": "\(http.host):\(http.port)", "error": "\(error)"])
            }
        }
        let made = UMServer(
            options: options, logger: logger, agent: agent, engine: engine, prompts: prompts, store: store, voicemail: voicemail, status: status)
        server.withLock { $0 = made }
        // Lamps changed while Herald was down (or by a recovered message) are put right.
        Task { await lamps.publishAll() }
        return (made, bound)
    }

    /// Answers calls until `shutdown()`; returns when the last call has ended.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await incoming in agent.incomingCalls {
                if state.withLock({ $0.draining }) {
                    await incoming.reject(503, reasonPhrase: "Service Unavailable (shutting down)")
                    continue
                }
                state.withLock { $0.activeCalls += 1 }
                metrics.active.increment()
                group.addTask {
                    await self.handle(incoming)
                    self.callEnded()
                }
            }
        }
    }

    /// Stops taking calls (new INVITEs get 503), lets calls in progress finish within the grace period
    /// (recordings are committed by their flows), then closes the listeners.
    public func shutdown() async {
        state.withLock { $0.draining = true }
        logger.info("shutting down: no new calls; waiting for calls in progress", metadata: ["calls": "\(state.withLock { $0.activeCalls })"])
        // Whichever comes first: the last call ends, or the grace period runs out.
        let grace = options.shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
        let remaining = state.withLock { $0.activeCalls }
        if remaining > 0 { logger.warning("grace period over: ending calls still in progress", metadata: ["calls": "\(remaining)"]) }
        await agent.shutdown()
        await engine.shutdown()
        await status?.close()
    }

    /// Whether a shutdown has begun (new calls get 503, `/health` says so).
    var isDraining: Bool { state.withLock { $0.draining } }

    private func callEnded() {
        metrics.active.decrement()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.activeCalls -= 1
            guard state.activeCalls == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                if state.activeCalls == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// One call: route it, refuse it or answer it with media, and play what its flow says first.
    func handle(_ incoming: IncomingCall) async {
        var logger = logger
        logger[metadataKey: "sip.call_id"] = "\(incoming.callID)"
        let directory: DirectorySnapshot
        do {
            directory = try await store.snapshot()
        } catch {
            logger.error("the directory could not be read", metadata: ["error": "\(error)"])
            await incoming.reject(503, reasonPhrase: "Service Unavailable")
            return
        }
        let arrived = ContinuousClock.now
        let decision = InboundCallRouter(directory: directory).route(incoming.invite, sourceHost: incoming.source.host)
        logger.info("call routed", metadata: ["flow": "\(decision.flow.summary)", "source": "\(incoming.source.host)"])
        metrics.routed(decision.flow)
        for line in decision.explanation { logger.debug("\(line)") }
        if case .refused(let status, let reason) = decision.flow {
            if decision.gateway == nil { logger.notice("INVITE from a host that is not a UM IP gateway refused", metadata: ["source": "\(incoming.source.host)"]) }
            await incoming.reject(status, reasonPhrase: reason)
            return
        }
        let media: MediaSession
        let localSDP: SessionDescription
        // RFC 3261 §13.2.1: an INVITE without SDP (a delayed offer, as CS 1000 gateways send) gets our offer in the
        // 200 OK and brings its answer in the ACK.
        let delayedOffer = incoming.offer.isEmpty
        do {
            media = try await engine.openSession(
                secureSignalling: incoming.source.transport == .tls,
                codecPreference: decision.gateway.map { Self.codecs(engine.configuration.codecPreference, for: $0.profile) },
                logger: logger)
            do {
                localSDP = delayedOffer ? media.makeOffer() : try await media.answer(try SessionDescription(parsing: incoming.offer))
            } catch let error as SDPError {
                await media.close()
                await incoming.reject(error.sipStatus, warning: (error.warningCode, error.warningText))
                return
            }
        } catch {
            logger.error("media could not be set up", metadata: ["error": "\(error)"])
            await incoming.reject(500, reasonPhrase: "Server Internal Error")
            return
        }
        let call: SIPCall
        do {
            call = try await incoming.answer(sdp: localSDP.serializedBytes())
        } catch {
            await media.close()
            return
        }
        metrics.answerTime.recordInterval(since: arrived)
        if delayedOffer {
            do {
                guard await call.waitUntilConfirmed() else { throw MediaError.notNegotiated }
                try await media.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
            } catch {
                logger.notice("the ACK brought no usable answer to our offer: hanging up", metadata: ["error": "\(error)"])
                await call.hangUp()
                await media.close()
                return
            }
        }
        let transferTarget = decision.gateway.map {
            LiveCall.TransferTarget(
                host: $0.address, port: $0.port == 5060 ? nil : $0.port, userPhone: $0.profile.quirks.contains(.userPhoneParameter))
        }
        let live = LiveCall(sip: call, media: media, prompts: prompts, caller: decision.caller, transferTarget: transferTarget)
        // INFO keypresses and hold/resume re-INVITEs are answered beside the flow, which never sees them.
        let signalling = Task { await CallSignalling(call: call, media: media, logger: logger).run() }
        let flow = Task { await self.run(decision, on: live, directory: directory, logger: logger) }
        // A caller hanging up cancels the flow: whatever it waits for throws `CallError.hungUp`.
        let watcher = Task {
            _ = await call.waitUntilEnded()
            flow.cancel()
        }
        // A caller whose media stopped without a BYE (a gateway that crashed), or who left the call on hold past the
        // hold timeout, is hung up on: a message in progress is kept, as when the caller hangs up.
        let mediaWatch = Task {
            guard await media.waitForMediaTimeout() else { return }
            logger.warning("the caller's media is gone (no RTP or RTCP, or on hold too long): ending the call")
            metrics.mediaTimedOut()
            flow.cancel()
        }
        await flow.value
        mediaWatch.cancel()
        if let statistics = try? await media.statistics() { metrics.record(statistics) }
        await live.hangUp()
        await watcher.value
        signalling.cancel()
        await signalling.value
    }

    /// Runs the flow the router chose.
    func run(_ decision: RoutingDecision, on call: any Call, directory: DirectorySnapshot, logger: Logger) async {
        switch decision.flow {
        case .subscriberAccess:
            await SubscriberAccess(services: voicemail, logger: logger).run(call, user: nil)
        case .voicemailButton(let user):
            await SubscriberAccess(services: voicemail, logger: logger).run(call, user: user)
        case .callAnswering(let user, _, let greeting):
            await CallAnswering(services: voicemail, logger: logger).run(call, user: user, greeting: greeting, directory: directory)
        case .autoAttendant:
            // The auto attendant's menus come with their own issue; until then it greets and hangs up.
            await say([.fixed(.autoAttendantGreeting)], on: call, logger: logger)
        case .mailboxUnavailable:
            await say([.fixed(.mailboxNotAvailable), .fixed(.goodbye)], on: call, logger: logger)
        case .refused:
            await call.hangUp()
        }
    }

    /// Says `phrases` and hangs up.
    private func say(_ phrases: [PromptPhrase], on call: any Call, logger: Logger) async {
        do {
            _ = try await call.play(phrases.map(Utterance.phrase) + [.silence(milliseconds: 300)], bargeIn: false)
        } catch where error != .hungUp {
            logger.warning("prompt failed", metadata: ["error": "\(error)"])
        } catch {}
        await call.hangUp()
    }

    /// The engine's codec order with G.711 in the law of the gateway's trunks first, so a call that stays G.711
    /// end to end is never transcoded between µ-law and A-law.
    public static func codecs(_ preference: [AudioCodecKind], for profile: PBXProfile) -> [AudioCodecKind] {
        let (first, second): (AudioCodecKind, AudioCodecKind) = profile.companding == .aLaw ? (.pcma, .pcmu) : (.pcmu, .pcma)
        guard let a = preference.firstIndex(of: first), let b = preference.firstIndex(of: second), a > b else { return preference }
        var ordered = preference
        ordered.swapAt(a, b)
        return ordered
    }
}
