import CallControl
public import Codecs
import Foundation
public import Logging
import MediaEngine
import SDP
public import SIPEndpoint
public import SIPMessage
public import SIPTransport

/// `herald call`: a softphone on the command line that places one real call — SIP, RTP, DTMF by RFC 4733,
/// a WAV played as the microphone and what it hears recorded — for debugging a PBX integration and for tests.
public struct Softphone: Sendable {
    /// What to call and what to do in the call.
    public struct Options: Sendable {
        /// The number or address to call.
        public var target: SIPURI
        /// The transport (the target's `transport` parameter wins when it has one).
        public var transport: SIPTransportAddress.Transport
        /// The calling number or user.
        public var from: String
        /// A diverting party and reason, as `4000;reason=no-answer`, sent as a Diversion header.
        public var diversion: String?
        /// Keys to press once the call is answered.
        public var dtmf: String
        /// The pause before the first key and after each `#` (time for a prompt to be heard).
        public var dtmfDelay: Duration
        /// A WAV file played as the microphone.
        public var play: String?
        /// Where to write what the softphone hears (16-bit WAV).
        public var record: String?
        /// Hang up after this long in the call; `nil` waits for the far end to hang up.
        public var hangupAfter: Duration?
        /// The only codec to offer; `nil` offers Herald's default list.
        public var codec: AudioCodecKind?
        /// TLS settings, required for `.tls`.
        public var tls: SIPTLSConfiguration?
        /// The local address to call from; by default 127.0.0.1 for loopback targets, else any.
        public var localAddress: String?

        /// Creates options.
        public init(
            target: SIPURI, transport: SIPTransportAddress.Transport = .udp, from: String = "herald-call", diversion: String? = nil,
            dtmf: String = "", dtmfDelay: Duration = .seconds(1), play: String? = nil, record: String? = nil,
            hangupAfter: Duration? = nil, codec: AudioCodecKind? = nil, tls: SIPTLSConfiguration? = nil, localAddress: String? = nil
        ) {
            self.target = target
            self.transport = transport
            self.from = from
            self.diversion = diversion
            self.dtmf = dtmf
            self.dtmfDelay = dtmfDelay
            self.play = play
            self.record = record
            self.hangupAfter = hangupAfter
            self.codec = codec
            self.tls = tls
            self.localAddress = localAddress
        }
    }

    /// How the call went.
    public struct Outcome: Sendable {
        /// The codec used.
        public var codec: AudioCodecKind?
        /// Whether the media was SRTP.
        public var secure: Bool
        /// How the call ended.
        public var ended: SIPCallEndReason
        /// The seconds of audio recorded, when recording.
        public var recordedSeconds: Double?
    }

    /// Why the call could not be made.
    public enum Failure: Error, CustomStringConvertible {
        /// The call was not answered.
        case call(SIPCallFailure)
        /// A local problem: sockets, TLS files, media.
        case local(String)

        /// A line for the command line.
        public var description: String {
            switch self {
            case .call(let failure): "call failed: \(failure)"
            case .local(let reason): reason
            }
        }
    }

    let options: Options
    let logger: Logger

    /// Creates a softphone.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Places the call and runs it to its end, reporting progress lines through `progress`.
    public func run(progress: @escaping @Sendable (String) -> Void) async throws(Failure) -> Outcome {
        let transportKind = options.target.transport.flatMap { SIPTransportAddress.Transport(rawValue: $0.uppercased()) } ?? options.transport
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(String(options.target.hostWithoutBrackets))
        let bindHost = options.localAddress ?? (loopback ? "127.0.0.1" : "0.0.0.0")
        let transport: SIPTransport
        do {
            transport = try SIPTransport(configuration: SIPTransportConfiguration(
                listeners: [.init(transportKind, host: bindHost, port: 0)], tls: options.tls))
            try await transport.start()
        } catch {
            throw .local("cannot open a \(transportKind) socket: \(error)")
        }
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: options.from, logger: logger), transport: transport)
        await agent.start()
        var mediaConfiguration = MediaEngineConfiguration(bindAddress: bindHost)
        if let codec = options.codec { mediaConfiguration.codecPreference = [codec] }
        let engine = MediaEngine(configuration: mediaConfiguration, logger: logger)
        do {
            return try await call(agent: agent, engine: engine, transportKind: transportKind, progress: progress)
        } catch {
            await agent.shutdown()
            await engine.shutdown()
            throw error
        }
    }

    private func call(
        agent: SIPUserAgent, engine: MediaEngine, transportKind: SIPTransportAddress.Transport,
        progress: @escaping @Sendable (String) -> Void
    ) async throws(Failure) -> Outcome {
        let media: MediaSession
        do {
            media = try await engine.openSession(secureSignalling: transportKind == .tls)
        } catch {
            throw .local("\(error)")
        }
        var headers: [SIPHeaderField] = []
        if let diversion = options.diversion {
            headers.append(SIPHeaderField(.diversion, Self.diversionHeader(diversion, host: String(options.target.host))))
        }
        let from = NameAddress(uri: SIPURI(user: options.from, host: String(options.target.host)))
        progress("calling \(options.target) over \(transportKind)")
        let call: SIPCall
        do {
            // The chosen transport decides the next hop when the URI does not name one itself.
            let destination = options.target.transport == nil
                ? SIPTransportAddress(transportKind, host: String(options.target.hostWithoutBrackets),
                                      port: options.target.port ?? (transportKind == .tls ? 5061 : 5060))
                : nil
            call = try await agent.call(
                to: options.target, from: from, offer: media.makeOffer().serializedBytes(), destination: destination, extraHeaders: headers)
        } catch {
            await media.close()
            throw .call(error)
        }
        do {
            try await media.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
        } catch {
            progress("the answer's SDP is unusable: \(error)")
            await call.hangUp()
            await media.close()
            throw .local("the far end's SDP is unusable: \(error)")
        }
        let statistics = try? await media.statistics()
        progress("answered: \(statistics?.codec.map { "\($0)" } ?? "?")\(statistics?.secure == true ? " with SRTP" : "")")

        let outcome = await converse(call: call, media: media, progress: progress)
        await agent.shutdown()
        await engine.shutdown()
        return Outcome(codec: statistics?.codec, secure: statistics?.secure ?? false, ended: outcome.ended, recordedSeconds: outcome.recorded)
    }

    /// The call's life: record, play, press keys, until the far end or the timer hangs up.
    private func converse(call: SIPCall, media: MediaSession, progress: @escaping @Sendable (String) -> Void) async -> (ended: SIPCallEndReason, recorded: Double?) {
        let recording: Task<RecordingResult?, Never>? = options.record.map { path in
            Task { try? await media.record(to: path, maxDuration: .seconds(4 * 3600), silenceTimeout: nil, stopDigits: []) }
        }
        // The far end may hold and resume us, or press keys by SIP INFO.
        let signalling = Task { await CallSignalling(call: call, media: media, logger: logger).run() }
        let events = Task {
            for await event in media.events {
                if case .digit(let digit, _) = event { progress("heard key \(digit)") }
            }
        }
        let options = options
        let script = Task {
            if let path = options.play {
                do {
                    _ = try await media.play([.file(path)], bargeIn: false)
                    progress("played \(path)")
                } catch {
                    progress("cannot play \(path): \(error)")
                }
            }
        }
        let keys = Task {
            guard !options.dtmf.isEmpty else { return }
            try await Task.sleep(for: options.dtmfDelay)
            for key in options.dtmf {
                try await media.sendDigits(String(key))
                // RFC 4733 digits take 100 ms plus a 60 ms gap; pace them as a person would on the keypad.
                try await Task.sleep(for: .milliseconds(250))
                if key == "#" { try await Task.sleep(for: options.dtmfDelay) }
            }
            progress("sent keys \(options.dtmf)")
        }
        let ended: SIPCallEndReason
        if let limit = options.hangupAfter {
            let timer = Task {
                try await Task.sleep(for: limit)
                await call.hangUp()
            }
            ended = await call.waitUntilEnded()
            timer.cancel()
        } else {
            ended = await call.waitUntilEnded()
        }
        keys.cancel()
        script.cancel()
        signalling.cancel()
        await media.close()
        events.cancel()
        let result = await recording?.value
        progress("ended: \(ended)")
        let seconds = result.map { Double($0.duration.components.seconds) + Double($0.duration.components.attoseconds) / 1e18 }
        if let seconds, let path = options.record { progress("recorded \(String(format: "%.1f", seconds)) s to \(path)") }
        return (ended, seconds)
    }

    /// A Diversion header value from `4000;reason=no-answer` (reason defaults to no-answer).
    static func diversionHeader(_ value: String, host: String) -> String {
        let parts = value.split(separator: ";", maxSplits: 1)
        let party = parts.first.map(String.init) ?? value
        let parameters = parts.count > 1 ? String(parts[1]) : "reason=no-answer"
        let uri = party.contains("@") ? "sip:\(party)" : "sip:\(party)@\(host)"
        return "<\(uri)>;\(parameters.contains("reason=") ? parameters : "reason=no-answer;" + parameters);counter=1"
    }
}
