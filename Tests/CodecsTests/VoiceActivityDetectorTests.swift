import Testing
import Codecs

@Suite("Voice activity detector")
struct VoiceActivityDetectorTests {
    @Test("silence and low noise are silence; tone and speech are voice; level in dBov")
    func decisions() {
        var vad = VoiceActivityDetector(sampleRate: 8000, hangoverMs: 0)
        let silent = vad.process(ToneGenerator.silence(durationMs: 20, sampleRate: 8000)[...])
        #expect(!silent)
        #expect(vad.lastLevelDBov == VoiceActivityDetector.floorDBov)
        let noisy = vad.process(TestSignals.noise(count: 160, rms: 50, seed: 1)[...])   // ≈ −56 dBov
        #expect(!noisy)
        let tone = ToneGenerator.sine(frequencies: [1000], durationMs: 20, sampleRate: 8000, levelDBov: -20)
        let toneIsVoice = vad.process(tone[...])
        #expect(toneIsVoice)
        #expect(abs(vad.lastLevelDBov - -20) < 0.1)
        let speech = TestSignals.speechLike(seconds: 1, rate: 8000, seed: 4)
        let voiced = stride(from: 0, to: 8000, by: 160).filter { vad.process(speech[$0..<$0 + 160]) }.count
        #expect(voiced > 25)
    }

    @Test("hangover keeps voice for hangoverMs after the last voiced frame, then drops")
    func hangover() {
        var vad = VoiceActivityDetector(sampleRate: 8000, thresholdDBov: -45, hangoverMs: 300)
        let tone = ToneGenerator.sine(frequencies: [440], durationMs: 20, sampleRate: 8000, levelDBov: -20)
        let quiet = ToneGenerator.silence(durationMs: 20, sampleRate: 8000)
        let first = vad.process(tone[...])
        #expect(first)
        let decisions = (0..<20).map { _ in vad.process(quiet[...]) }
        #expect(decisions.prefix(15).allSatisfy { $0 })
        #expect(decisions.dropFirst(15).allSatisfy { !$0 })
    }

    @Test("a line with steady noise above −45 dBov becomes silence within 3 s, and speech over it is still voice")
    func noisyLine() {
        var vad = VoiceActivityDetector(sampleRate: 8000, hangoverMs: 0)
        let noise = TestSignals.noise(count: 8000 * 12, rms: 330, seed: 7)   // ≈ −40 dBov, a hissing gateway
        let frames = stride(from: 0, to: noise.count, by: 160).map { vad.process(noise[$0..<$0 + 160]) }
        #expect(frames.dropFirst(150).allSatisfy { !$0 }, "noise still voice after 3 s: floor \(vad.noiseFloorDBov) dBov")
        let speech = TestSignals.speechLike(seconds: 3, rate: 8000, seed: 9)
        let mixed = zip(speech, TestSignals.noise(count: speech.count, rms: 330, seed: 8)).map { Int16(clamping: Int($0) + Int($1)) }
        let voiced = stride(from: 0, to: mixed.count, by: 160).filter { vad.process(mixed[$0..<$0 + 160]) }.count
        #expect(voiced > 75, "\(voiced) of 150 speech frames over noise were voice")
        let after = stride(from: 0, to: noise.count / 2, by: 160).map { vad.process(noise[$0..<$0 + 160]) }
        #expect(after.dropFirst(25).allSatisfy { !$0 }, "the floor must not have been lifted by the speech")
    }
}
