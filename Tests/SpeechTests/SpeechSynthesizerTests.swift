import Foundation
import Speech
import Testing

@Suite("SpeechSynthesizer: flite speech at telephone rates")
struct SpeechSynthesizerTests {
    static let sentence = "Welcome, you are connected to Herald. To access your mailbox, enter your extension, then press the pound key."
    static let wordCount = 18

    @Test("speech has a plausible length and level", arguments: [SpeechVoice.slt, .kal], [8000, 16000])
    func plausible(voice: SpeechVoice, rate: Int) throws {
        let audio = try SpeechSynthesizer(defaultVoice: voice).synthesize(Self.sentence, sampleRate: rate)
        #expect(audio.sampleRate == rate)
        // People and synthesizers speak about 2–4 words a second; flite adds a little silence at both ends.
        let wordsPerSecond = Double(Self.wordCount) / audio.seconds
        #expect((1.5...5).contains(wordsPerSecond), "\(voice) at \(rate) Hz: \(audio.seconds) s")
        // Prompt level: telephone prompts sit around −20 dBov; well away from silence and from clipping.
        #expect((-30 ... -10).contains(audio.rmsDBov), "\(voice) at \(rate) Hz: \(audio.rmsDBov) dBov")
        #expect(audio.peak < 32767)
        #expect(audio.activeFraction > 0.5, "\(voice) at \(rate) Hz: \(audio.activeFraction) active")
        print("\(voice) at \(rate) Hz: \(String(format: "%.2f", audio.seconds)) s, \(String(format: "%.1f", audio.rmsDBov)) dBov RMS, peak \(audio.peak), \(String(format: "%.0f", audio.activeFraction * 100)) % active")
    }

    @Test("resampling changes the rate, not the length", arguments: [SpeechVoice.slt, .kal])
    func resamplingKeepsLength(voice: SpeechVoice) throws {
        let synthesizer = SpeechSynthesizer(defaultVoice: voice)
        let native = try synthesizer.synthesize("Goodbye.", sampleRate: voice.nativeSampleRate)
        for rate in [8000, 16000, 48000] {
            let converted = try synthesizer.synthesize("Goodbye.", sampleRate: rate)
            #expect(converted.samples.count == native.samples.count * rate / voice.nativeSampleRate)
            #expect(abs(converted.rmsDBov - native.rmsDBov) < 1.5, "\(voice) → \(rate) Hz")
        }
    }

    @Test("the same text gives the same samples", arguments: [SpeechVoice.slt, .kal])
    func deterministic(voice: SpeechVoice) throws {
        let synthesizer = SpeechSynthesizer(defaultVoice: voice)
        let first = try synthesizer.synthesize(Self.sentence, sampleRate: 8000)
        _ = try synthesizer.synthesize("Something else in between.", sampleRate: 16000)
        let second = try synthesizer.synthesize(Self.sentence, sampleRate: 8000)
        #expect(first == second)
        #expect(try SpeechSynthesizer().synthesize("Goodbye.", voice: voice, sampleRate: 8000)
            == synthesizer.synthesize("Goodbye.", sampleRate: 8000))
    }

    @Test("blank text is silence of no length; unusable rates are refused")
    func edges() throws {
        let synthesizer = SpeechSynthesizer()
        #expect(try synthesizer.synthesize("", sampleRate: 8000).samples.isEmpty)
        #expect(try synthesizer.synthesize(" \n\t", sampleRate: 8000).samples.isEmpty)
        #expect(throws: SpeechError.unsupportedRate(0)) { try synthesizer.synthesize("Hello.", sampleRate: 0) }
        #expect(throws: SpeechError.unsupportedRate(1_000_000)) { try synthesizer.synthesize("Hello.", sampleRate: 1_000_000) }
        // Odd input that reaches flite from the directory: punctuation only, non-ASCII names, digits, very long words.
        for text in ["...", "Zoë Ørsted-Müller", "4001", String(repeating: "a", count: 300), "{name} & <b>"] {
            let audio = try synthesizer.synthesize(text, voice: .kal, sampleRate: 8000)
            #expect(audio.sampleRate == 8000, "\(text)")
        }
    }

    @Test("several tasks synthesizing at once neither crash nor disturb each other")
    func concurrent() async throws {
        let texts = (0..<8).map { "Message number \($0), please press \($0 % 10)." }
        let synthesizer = SpeechSynthesizer()
        let expected = try texts.enumerated().map { index, text in
            try synthesizer.synthesize(text, voice: index % 2 == 0 ? .slt : .kal, sampleRate: 8000)
        }
        let results = try await withThrowingTaskGroup(of: (Int, SynthesizedAudio).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask {
                    // A fresh instance per task: the lock is process-wide, not per synthesizer.
                    (index, try SpeechSynthesizer().synthesize(text, voice: index % 2 == 0 ? .slt : .kal, sampleRate: 8000))
                }
            }
            var results = [SynthesizedAudio?](repeating: nil, count: texts.count)
            for try await (index, audio) in group { results[index] = audio }
            return results
        }
        for index in texts.indices { #expect(results[index] == expected[index], "text \(index)") }
    }

    @Test("synthesis speed (printed, × real time; asserted only to be faster than real time)")
    func speed() throws {
        let text = String(repeating: Self.sentence + " ", count: 4)
        let clock = ContinuousClock()
        var line = "Speech synthesis speed:"
        for voice in SpeechVoice.allCases {
            let synthesizer = SpeechSynthesizer(defaultVoice: voice)
            _ = try synthesizer.synthesize("Warm up.", sampleRate: voice.nativeSampleRate)
            for rate in [voice.nativeSampleRate, 8000].uniqued() {
                var audio = SynthesizedAudio(sampleRate: rate, samples: [])
                let elapsed = try clock.measure { audio = try synthesizer.synthesize(text, sampleRate: rate) }
                let factor = audio.seconds / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
                line += " \(voice) → \(rate / 1000) kHz \(String(format: "%.0f", factor))×;"
                #expect(factor > 1, "\(voice) at \(rate) Hz is slower than real time")
            }
        }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        // flite is Debian's optimised C library: the Swift build configuration changes only the resampling share.
        print(line + " (\(Self.wordCount * 4) words; \(build) build; a shared machine, so expect ±20 %)")
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
