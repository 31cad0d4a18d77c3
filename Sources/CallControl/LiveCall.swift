import Codecs
public import MediaEngine
public import SIPEndpoint
public import SIPMessage
import SIPDialog
public import Speech

/// The `Call` of a real SIP call: a `SIPCall` for signalling, a `MediaSession` for audio, a `PromptStore` for words.
public struct LiveCall: Call {
    /// The SIP Call-ID.
    public let callID: String
    /// Who is calling.
    public let caller: CallerIdentity
    let sip: SIPCall
    let media: MediaSession
    let prompts: PromptStore
    let transferTarget: TransferTarget

    /// Where transfers go: the PBX that sent the call, and how it wants numbers written.
    public struct TransferTarget: Sendable, Hashable {
        /// The host (the gateway's address or FQDN) that routes transferred calls.
        public var host: String
        /// Its port, when not the default.
        public var port: Int?
        /// Whether numbers carry `user=phone` (the PBX profile's quirk).
        public var userPhone: Bool

        /// A transfer target.
        public init(host: String, port: Int? = nil, userPhone: Bool = false) {
            self.host = host
            self.port = port
            self.userPhone = userPhone
        }

        /// `sip:<number>@host[:port][;user=phone]`.
        public func uri(for number: String) -> SIPURI {
            var parameters = SIPParameters()
            if userPhone { parameters.set("user", "phone") }
            return SIPURI(user: number, host: host, port: port, parameters: parameters)
        }
    }

    /// Wraps an answered call; transfers go to `transferTarget`, by default the host the caller's INVITE names in
    /// its From (the PBX's domain).
    public init(sip: SIPCall, media: MediaSession, prompts: PromptStore, caller: CallerIdentity, transferTarget: TransferTarget? = nil) {
        self.sip = sip
        self.media = media
        self.prompts = prompts
        self.caller = caller
        callID = (try? sip.invite.headers.callID) ?? "?"
        let fromHost = (try? sip.invite.headers.from.uri.host).map { "\($0)" } ?? "localhost"
        self.transferTarget = transferTarget ?? TransferTarget(host: fromHost)
    }

    public func play(_ utterances: [Utterance], bargeIn: Bool) async throws(CallError) -> CallPlayback {
        // Wideband calls get 16 kHz prompts; the media engine converts to the codec's rate.
        let rate = min(media.codec?.sampleRate ?? 8000, 16000)
        var prompts: [Prompt] = []
        for utterance in utterances {
            switch utterance {
            case .phrase(let phrase):
                do {
                    let audio = try await self.prompts.audioWithoutBlocking(for: phrase, sampleRate: rate)
                    prompts.append(.audio(PCMAudio(sampleRate: audio.sampleRate, samples: audio.samples)))
                } catch {
                    throw .prompt("\(phrase.id): \(error)")
                }
            case .file(let path): prompts.append(.file(path))
            case .fileSegment(let path, let offset):
                do {
                    let audio = try WAVFile.read(path: path)
                    let skipped = min(audio.samples.count, Int(offset / .seconds(1) * Double(audio.sampleRate)))
                    prompts.append(.audio(PCMAudio(sampleRate: audio.sampleRate, samples: Array(audio.samples[skipped...]))))
                } catch {
                    throw .prompt("\(path): \(error)")
                }
            case .silence(let milliseconds): prompts.append(.silence(milliseconds: milliseconds))
            case .beep: prompts.append(.beep)
            }
        }
        do {
            switch try await media.play(prompts, bargeIn: bargeIn) {
            case .completed: return .completed
            case .interrupted(let key): return .interrupted(key)
            }
        } catch {
            throw Self.callError(error)
        }
    }

    public func collectDigits(
        max: Int, terminators: Set<Character>, firstDigitTimeout: Duration, interDigitTimeout: Duration
    ) async throws(CallError) -> CallDigits {
        do {
            switch try await media.collectDigits(
                max: max, terminators: terminators, firstDigitTimeout: firstDigitTimeout, interDigitTimeout: interDigitTimeout)
            {
            case .digits(let keys, let terminator): return .digits(keys, terminator: terminator)
            case .timedOut(let keys): return .timedOut(keys)
            }
        } catch {
            throw Self.callError(error)
        }
    }

    public func record(to path: String, maxDuration: Duration, silenceTimeout: Duration?, stopDigits: Set<Character>) async throws(CallError) -> CallRecording {
        do {
            let result = try await media.record(to: path, maxDuration: maxDuration, silenceTimeout: silenceTimeout, stopDigits: stopDigits)
            let end: CallRecording.End = switch result.endReason {
            case .stopDigit(let key): .key(key)
            case .silence: .silence
            case .maxDuration: .maxDuration
            case .cancelled, .sessionClosed: .hangUp
            }
            return CallRecording(path: result.path, duration: result.duration, heardVoice: result.heardVoice, end: end)
        } catch {
            throw Self.callError(error)
        }
    }

    public func transfer(to number: String) async throws(CallError) -> CallTransfer {
        // Referred-By names the number the caller reached (the pilot or the auto attendant), as the PBX saw it.
        let referredBy = (try? sip.invite.headers.to.uri).map { NameAddress(uri: $0) }
        let outcomes: AsyncStream<ReferSubscription.Outcome>
        do {
            outcomes = try await sip.transfer(to: ReferTarget(uri: transferTarget.uri(for: number)), referredBy: referredBy)
        } catch {
            throw .hungUp
        }
        var result = CallTransfer.accepted
        reading: for await outcome in outcomes {
            switch outcome {
            case .accepted(let subscription):
                if !subscription { break reading }
            case .rejected(let status):
                return .failed(status: status)
            case .progress:
                continue
            case .succeeded:
                result = .completed
                break reading
            case .failed(let status):
                // The caller stays with Herald, which can say so and offer something else.
                switch status {
                case 486, 600: return .busy
                case 408, 480, 487: return .noAnswer
                default: return .failed(status: status)
                }
            case .subscriptionTerminated:
                break reading
            }
        }
        await hangUp()
        return result
    }

    public func hangUp() async {
        await sip.hangUp()
        await media.close()
    }

    private static func callError(_ error: any Error) -> CallError {
        if error is CancellationError { return .hungUp }
        if let media = error as? MediaError, media == .sessionClosed { return .hungUp }
        return .media("\(error)")
    }
}
