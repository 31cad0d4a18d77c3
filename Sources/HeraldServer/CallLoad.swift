import Codecs
import Foundation
public import Logging
import MediaEngine
import SDP
import SIPEndpoint
public import SIPMessage
import SIPTransport
import Synchronization

/// `herald bench calls`: a SIPp-like load generator — INVITE with SDP, G.711 RTP at 50 packets a second, hold,
/// BYE — against any SIP server, measuring answer time, time to the first prompt audio, and failures.
public struct CallLoad: Sendable {
    /// What to run.
    public struct Settings: Sendable {
        /// The number to call, such as `sip:5000@127.0.0.1:5060`.
        public var target: SIPURI
        /// New calls per second.
        public var rate: Double
        /// How long calls are started for.
        public var duration: Duration
        /// How long each call is held before the generator hangs up (if the far end has not).
        public var hold: Duration
        /// The calling number.
        public var from: String
        /// A Diversion to send (`4001;reason=no-answer`), to load call answering instead of subscriber access.
        public var diversion: String?
        /// Keys to press (RFC 4733) a second after the answer, such as `1` to skip a greeting to the beep.
        public var keys: String
        /// Whether the caller talks for the whole call (a two-tone signal at −20 dBm0 that voice detection takes for
        /// speech), so that a recording is not ended by silence.
        public var talk: Bool

        /// Creates settings.
        public init(
            target: SIPURI, rate: Double, duration: Duration, hold: Duration = .seconds(2), from: String = "+12025550199",
            diversion: String? = nil, keys: String = "", talk: Bool = false
        ) {
            self.target = target
            self.rate = rate
            self.duration = duration
            self.hold = hold
            self.from = from
            self.diversion = diversion
            self.keys = keys
            self.talk = talk
        }
    }

    /// What a run measured.
    public struct Report: Sendable {
        /// Calls started.
        public var attempted: Int
        /// Calls answered and held to the end without error.
        public var completed: Int
        /// Calls that failed (not answered, no audio heard, or an error).
        public var failed: Int
        /// Why calls failed, by reason.
        public var failures: [String: Int]
        /// INVITE → 200 OK, in milliseconds, per completed call.
        public var answerTimes: [Double]
        /// INVITE → first voiced audio heard, in milliseconds (includes our jitter buffer's delay).
        public var firstAudioTimes: [Double]
        /// The wall time of the run, in seconds.
        public var seconds: Double

        /// The value below which `fraction` of the samples fall.
        public static func percentile(_ values: [Double], _ fraction: Double) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
    }

    let settings: Settings
    let logger: Logger

    /// Creates a load run.
    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Runs the load and reports.
    public func run() async throws -> Report {
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await transport.start()
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: "load", logger: logger), transport: transport)
        await agent.start()
        // The generator shares the machine with the server it measures, so it skips the detectors it has no use for
        // (fax tones, keys in the audio): it only listens for the prompt's voice.
        let engine = MediaEngine(
            configuration: MediaEngineConfiguration(
                bindAddress: "127.0.0.1", portRange: 40000...59999, codecPreference: [.pcmu], inbandDTMF: false,
                faxToneDetectionWindow: .zero),
            logger: logger)
        let results = Tally()
        let started = ContinuousClock.now
        let interval = Duration.seconds(1 / settings.rate)
        let settings = settings
        await withDiscardingTaskGroup { group in
            var next = started
            while next - started < settings.duration {
                // Calls start on a fixed schedule from the first, so a slow call never slows the offered rate.
                try? await Task.sleep(until: next, clock: .continuous)
                next += interval
                results.report.withLock { $0.attempted += 1 }
                group.addTask {
                    let outcome = await Self.oneCall(agent: agent, engine: engine, settings: settings)
                    results.report.withLock { report in
                        switch outcome {
                        case .success(let times):
                            report.completed += 1
                            report.answerTimes.append(times.answer)
                            report.firstAudioTimes.append(times.audio)
                        case .failure(let reason):
                            report.failed += 1
                            report.failures[reason.text, default: 0] += 1
                        }
                    }
                }
            }
        }
        await agent.shutdown()
        await engine.shutdown()
        var report = results.report.withLock { $0 }
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// The run's figures, shared by the calls' tasks.
    final class Tally: Sendable {
        let report = Mutex(Report(attempted: 0, completed: 0, failed: 0, failures: [:], answerTimes: [], firstAudioTimes: [], seconds: 0))
    }

    struct CallFailure: Error {
        let text: String
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private static func oneCall(agent: SIPUserAgent, engine: MediaEngine, settings: Settings) async -> Result<(answer: Double, audio: Double), CallFailure> {
        let media: MediaSession
        do {
            media = try await engine.openSession()
        } catch {
            return .failure(CallFailure(text: "media: \(error)"))
        }
        var headers: [SIPHeaderField] = []
        if let diversion = settings.diversion {
            headers.append(SIPHeaderField(.diversion, Softphone.diversionHeader(diversion, host: String(settings.target.host))))
        }
        let invited = ContinuousClock.now
        let call: SIPCall
        do {
            call = try await agent.call(
                to: settings.target, from: NameAddress(uri: SIPURI(user: settings.from, host: String(settings.target.host))),
                offer: media.makeOffer().serializedBytes(), extraHeaders: headers, ringTimeout: .seconds(10))
        } catch {
            await media.close()
            return .failure(CallFailure(text: "\(error)"))
        }
        let answered = ContinuousClock.now
        do {
            try await media.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
        } catch {
            await call.hangUp()
            await media.close()
            return .failure(CallFailure(text: "answer SDP: \(error)"))
        }
        // The first voiced audio (the prompt), bounded by the hold time.
        let heard = Task { () -> ContinuousClock.Instant? in
            for await event in media.events where event == .voiceStarted { return ContinuousClock.now }
            return nil
        }
        let timer = Task {
            try? await Task.sleep(for: settings.hold)
            await call.hangUp()
        }
        let caller = Task {
            if settings.talk {
                let milliseconds = Int(settings.hold / .milliseconds(1))
                Task { _ = try? await media.play([.tone(frequencies: [440, 1210], milliseconds: milliseconds, levelDBm0: -20)], bargeIn: false) }
            }
            guard !settings.keys.isEmpty else { return }
            try? await Task.sleep(for: .seconds(1))
            try? await media.sendDigits(settings.keys)
        }
        _ = await call.waitUntilEnded()
        timer.cancel()
        caller.cancel()
        await media.close()
        guard let voice = await heard.value else { return .failure(CallFailure(text: "no audio heard")) }
        return .success((milliseconds(answered - invited), milliseconds(voice - invited)))
    }
}
