import Codecs
import Logging
public import MediaEngine
import SDP
public import SIPEndpoint
public import SIPMessage
import SIPTransport
import Synchronization

/// A PBX in a few lines for end-to-end tests and validation runs: extensions that answer, are busy, do not answer
/// or forward everything, and that forward to the UM pilot the way a real PBX does — with a Diversion header or a
/// History-Info chain — so that a test can say "4001 is busy; an outside caller rings 4001" and check what Herald does.
///
/// The PBX places the forwarded call to Herald from its own SIP user agent on 127.0.0.1 (the demo's gateway address)
/// and gives the test the caller's side of it: a `MediaSession` to play, record and press keys on. It is also an MWI
/// sink: message-waiting NOTIFYs (RFC 3842) sent to it are answered 200 and kept as each extension's lamp.
public final class SimulatedPBX: Sendable {
    /// What an extension does when called.
    public enum Behaviour: Sendable, Hashable {
        /// The phone answers (the UM is not involved).
        case answers
        /// The line is busy: call forward busy to the pilot.
        case busy
        /// Nobody answers: call forward no answer to the pilot.
        case noAnswer
        /// Everything forwards to the pilot (call forward always).
        case forwardsAll
    }

    /// How the PBX tells the UM who forwarded the call.
    public enum DiversionStyle: Sendable, Hashable {
        /// RFC 5806 Diversion headers (CS 1000 via SPS, Cisco, Asterisk).
        case diversion
        /// RFC 7044 History-Info with RFC 4458 causes (Avaya, FreeSWITCH, Teams SBCs).
        case historyInfo
    }

    /// How a call placed through the PBX went.
    public enum Outcome: Sendable {
        /// The extension's phone answered.
        case answeredByPhone
        /// The call was forwarded to the UM, which answered: the caller's side of that call.
        case reachedUM(SimulatedCall)
        /// The UM refused or did not answer the forwarded call.
        case umFailed(SIPCallFailure)
    }

    let pilot: SIPURI
    let style: DiversionStyle
    let agent: SIPUserAgent
    /// The media engine of the PBX's phones.
    public let engine: MediaEngine
    private let extensions = Mutex<[String: Behaviour]>([:])
    private let lamps = LampBoard()
    /// Every message-waiting NOTIFY received: the extension it was for and its summary, in order.
    public let messageWaiting: AsyncStream<(extension: String, summary: MessageSummary)>
    private let messageWaitingContinuation: AsyncStream<(extension: String, summary: MessageSummary)>.Continuation

    private init(pilot: SIPURI, style: DiversionStyle, agent: SIPUserAgent, engine: MediaEngine) {
        self.pilot = pilot
        self.style = style
        self.agent = agent
        self.engine = engine
        (messageWaiting, messageWaitingContinuation) = AsyncStream.makeStream(of: (extension: String, summary: MessageSummary).self)
        Task { [agent, lamps, messageWaitingContinuation] in
            for await request in agent.incomingRequests {
                guard let number = request.request.requestURI?.user,
                    let summary = try? MessageSummary(parsing: String(decoding: request.request.body, as: UTF8.self))
                else {
                    await request.respond(400)
                    continue
                }
                lamps.state.withLock { $0[number] = summary }
                messageWaitingContinuation.yield((number, summary))
                await request.respond(200)
            }
            messageWaitingContinuation.finish()
        }
    }

    /// Where the PBX's SIP user agent listens (where a UM sends message waiting).
    public var address: SIPTransportAddress? { agent.transport.localAddress(.udp) }

    /// The last message-waiting summary received for an extension.
    public func lamp(_ number: String) -> MessageSummary? {
        lamps.state.withLock { $0[number] }
    }

    /// The lamps, shared with the task that answers NOTIFYs.
    private final class LampBoard: Sendable {
        let state = Mutex<[String: MessageSummary]>([:])
    }

    /// Starts a PBX whose UM pilot is `pilot` (such as `sip:5000@127.0.0.1:5060`).
    public static func start(pilot: SIPURI, style: DiversionStyle = .diversion) async throws -> SimulatedPBX {
        var logger = Logger(label: "herald.testkit.pbx")
        logger.logLevel = .warning
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await transport.start()
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(
                user: "pbx", product: "SimulatedPBX", logger: logger, deliveredEventPackages: ["message-summary"]), transport: transport)
        await agent.start()
        let engine = MediaEngine(configuration: MediaEngineConfiguration(codecPreference: [.pcmu, .pcma]), logger: logger)
        return SimulatedPBX(pilot: pilot, style: style, agent: agent, engine: engine)
    }

    /// Sets what an extension does when called (extensions not set answer).
    public func set(_ number: String, _ behaviour: Behaviour) {
        extensions.withLock { $0[number] = behaviour }
    }

    /// A caller (`from`: an extension or an outside number) rings extension `number`.
    public func call(from caller: String, to number: String) async throws -> Outcome {
        let behaviour = extensions.withLock { $0[number] } ?? .answers
        let reason: (diversion: String, cause: Int)
        switch behaviour {
        case .answers: return .answeredByPhone
        case .busy: reason = ("user-busy", 486)
        case .noAnswer: reason = ("no-answer", 408)
        case .forwardsAll: reason = ("unconditional", 302)
        }
        return try await forwardToPilot(from: caller, divertedBy: number, reason: reason)
    }

    /// The voicemail button of extension `number`: its phone calls the pilot, diverting from itself.
    public func pressVoicemailButton(on number: String) async throws -> Outcome {
        try await forwardToPilot(from: number, divertedBy: number, reason: ("unconditional", 302))
    }

    /// An outside caller dials the pilot directly (subscriber access).
    public func callPilot(from caller: String) async throws -> Outcome {
        try await place(from: caller, headers: [])
    }

    /// Stops the PBX's user agent and media.
    public func stop() async {
        await agent.shutdown()
        await engine.shutdown()
    }

    private func forwardToPilot(from caller: String, divertedBy number: String, reason: (diversion: String, cause: Int)) async throws -> Outcome {
        let host = "pbx.example.com"
        let header: SIPHeaderField = switch style {
        case .diversion:
            SIPHeaderField(.diversion, "<sip:\(number)@\(host)>;reason=\(reason.diversion);counter=1")
        case .historyInfo:
            // The forwarding entry carries the SIP cause in an escaped Reason header (RFC 7044 §4.3); the pilot is the next hop.
            SIPHeaderField(
                .historyInfo,
                "<sip:\(number)@\(host)?Reason=SIP%3Bcause%3D\(reason.cause)>;index=1, <sip:\(pilot.user ?? "")@\(host);cause=\(reason.cause)>;index=1.1")
        }
        return try await place(from: caller, headers: [header])
    }

    private func place(from caller: String, headers: [SIPHeaderField]) async throws -> Outcome {
        let media = try await engine.openSession()
        do {
            let call = try await agent.call(
                to: pilot, from: NameAddress(uri: SIPURI(user: caller, host: "pbx.example.com")), offer: media.makeOffer().serializedBytes(),
                extraHeaders: headers, ringTimeout: .seconds(10))
            try await media.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
            // When the UM hangs up, the phone's media ends too, so that nothing waits for audio that cannot come.
            Task {
                _ = await call.waitUntilEnded()
                await media.close()
            }
            return .reachedUM(SimulatedCall(call: call, media: media))
        } catch let failure as SIPCallFailure {
            await media.close()
            return .umFailed(failure)
        }
    }
}

/// The caller's side of a call the simulated PBX forwarded to the UM.
public struct SimulatedCall: Sendable {
    /// The SIP dialog with the UM.
    public let call: SIPCall
    /// The caller's audio: play into the call, record what the UM says, press keys.
    public let media: MediaSession

    /// Hangs up and frees the media.
    public func hangUp() async {
        await call.hangUp()
        await media.close()
    }
}
