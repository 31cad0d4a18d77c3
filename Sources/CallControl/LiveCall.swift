import Codecs
public import MediaEngine
public import SIPEndpoint
import SIPMessage
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

    /// Wraps an answered call.
    public init(sip: SIPCall, media: MediaSession, prompts: PromptStore, caller: CallerIdentity) {
        self.sip = sip
        self.media = media
        self.prompts = prompts
        self.caller = caller
        callID = (try? sip.invite.headers.callID) ?? "?"
    }

    public func play(_ utterances: [Utterance], bargeIn: Bool) async throws(CallError) -> CallPlayback {
        // Wideband calls get 16 kHz prompts; the media engine converts to the codec's rate.
        let rate = min(media.codec?.sampleRate ?? 8000, 16000)
        var prompts: [Prompt] = []
        for utterance in utterances {
            switch utterance {
            case .phrase(let phrase):
                do {
                    let audio = try self.prompts.audio(for: phrase, sampleRate: rate)
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
