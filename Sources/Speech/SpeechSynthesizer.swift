internal import CFlite
internal import Foundation  // srand: flite's clustergen voices draw their noise excitation from libc's rand()
internal import Synchronization

/// Text to speech with flite: PCM16 mono at the rate the call needs.
///
/// ```swift
/// let speech = SpeechSynthesizer()                       // slt, the natural 16 kHz voice
/// let audio = try speech.synthesize("Goodbye.", sampleRate: 8000)
/// ```
///
/// **Threads.** flite keeps global state (its feature functions, lexicon caches and `flite_init`'s tables) and is
/// not thread-safe, so every synthesis in the process — from any `SpeechSynthesizer` instance — runs under one
/// process-wide lock. The call is synchronous and CPU-bound (slt ≈ 15–20 ms, kal ≈ 1–2 ms per second of speech
/// on the reference box): call it from a task, never from a NIO event loop, and prefer `PromptStore`'s cached
/// phrases on the call path. Voices are registered once, on first use, and live for the whole process.
///
/// **Determinism.** slt excites unvoiced sounds with noise from libc's `rand()`; the lock reseeds it
/// (`srand(1)`) before every synthesis, so the same text always gives the same samples. That reseeding is
/// process-wide: nothing else in Herald may rely on `rand()` (nothing does; use Swift's generators).
///
/// Output is flite's wave resampled with Codecs' `Resampler` (libsamplerate), not `cst_wave_resample`, which
/// pads and aliases.
public final class SpeechSynthesizer: Sendable {
    /// The voice used when `synthesize` is not given one.
    public let defaultVoice: SpeechVoice

    /// Creates a synthesizer speaking with `defaultVoice` (slt unless told otherwise). Cheap: flite is
    /// initialised and the voice registered on the first synthesis.
    public init(defaultVoice: SpeechVoice = .slt) {
        self.defaultVoice = defaultVoice
    }

    /// Speaks `text` with `voice` (default: `defaultVoice`) and returns it at `sampleRate` Hz (typically 8000 or
    /// 16000; anything libsamplerate converts to is accepted). Empty or blank text yields no samples.
    public func synthesize(_ text: String, voice: SpeechVoice? = nil, sampleRate: Int) throws(SpeechError) -> SynthesizedAudio {
        guard (1000...384_000).contains(sampleRate) else { throw .unsupportedRate(sampleRate) }
        let voice = voice ?? defaultVoice
        guard text.contains(where: { !$0.isWhitespace }) else {
            return SynthesizedAudio(sampleRate: sampleRate, samples: [])
        }
        let native = try Self.flite.withLock { (state: inout FliteState) throws(SpeechError) -> SynthesizedAudio in
            try state.speak(text, voice: voice)
        }
        return try native.resampled(to: sampleRate)
    }

    /// The one lock around flite for the whole process.
    private static let flite = Mutex(FliteState())
}

/// flite's process-wide state: whether `flite_init` ran, and the registered voices. Only touched under the lock.
private struct FliteState: ~Copyable {
    private var initialised = false
    private var voices: [SpeechVoice: UnsafeMutablePointer<cst_voice>] = [:]

    mutating func speak(_ text: String, voice: SpeechVoice) throws(SpeechError) -> SynthesizedAudio {
        let handle = try register(voice)
        srand(1)
        guard let wave = flite_text_to_wave(text, handle) else {
            throw .synthesis("flite_text_to_wave returned no wave for voice \(voice.rawValue)")
        }
        defer { delete_wave(wave) }
        let count = Int(wave.pointee.num_samples)
        let rate = Int(wave.pointee.sample_rate)
        guard wave.pointee.num_channels == 1, rate > 0 else {
            throw .synthesis("flite produced \(wave.pointee.num_channels) channels at \(rate) Hz")
        }
        guard count > 0, let samples = wave.pointee.samples else {
            return SynthesizedAudio(sampleRate: rate, samples: [])
        }
        return SynthesizedAudio(sampleRate: rate, samples: Array(UnsafeBufferPointer(start: samples, count: count)))
    }

    private mutating func register(_ voice: SpeechVoice) throws(SpeechError) -> UnsafeMutablePointer<cst_voice> {
        if !initialised {
            flite_init()
            initialised = true
        }
        if let handle = voices[voice] { return handle }
        let registered: UnsafeMutablePointer<cst_voice>? =
            switch voice {
            case .slt: register_cmu_us_slt(nil)
            case .kal: register_cmu_us_kal(nil)
            }
        guard let registered else { throw .synthesis("cannot register flite voice \(voice.rawValue)") }
        voices[voice] = registered
        return registered
    }
}
