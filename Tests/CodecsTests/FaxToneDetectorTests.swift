import Testing
import Codecs

/// CNG and CED detection (spandsp modem_connect_tones_rx) and its false-alarm behaviour.
@Suite("Fax tone detector")
struct FaxToneDetectorTests {
    static func detect(_ signal: [Int16]) -> [DetectedTone] {
        let detector = FaxToneDetector()
        return stride(from: 0, to: signal.count, by: 160).flatMap { detector.process(signal[$0..<min(signal.count, $0 + 160)]) }
    }

    /// T.30 CNG: 1100 Hz, 0.5 s on, 3 s off.
    static func cng(cycles: Int, level: Double = -15) -> [Int16] {
        var signal = ToneGenerator.silence(durationMs: 700, sampleRate: 8000)
        for _ in 0..<cycles {
            signal += ToneGenerator.sine(frequencies: [1100], durationMs: 500, sampleRate: 8000, levelDBm0: level)
            signal += ToneGenerator.silence(durationMs: 3000, sampleRate: 8000)
        }
        return signal
    }

    @Test("CNG cadence is detected, once per burst, with the burst start as offset")
    func cngDetected() {
        let tones = Self.detect(Self.cng(cycles: 3))
        print("Fax CNG: \(tones.map { "\($0.kind)@\($0.sampleOffset)" })")
        #expect(tones.map(\.kind) == [.faxCNG, .faxCNG, .faxCNG])   // once per burst
        if let first = tones.first { #expect(abs(first.sampleOffset - 5600) <= 160) }
        #expect(!tones.contains { $0.kind == .faxCED })
    }

    @Test("CED (2100 Hz, 3 s) is detected once")
    func cedDetected() {
        let signal = ToneGenerator.silence(durationMs: 500, sampleRate: 8000)
            + ToneGenerator.sine(frequencies: [2100], durationMs: 3000, sampleRate: 8000, levelDBm0: -12)
            + ToneGenerator.silence(durationMs: 500, sampleRate: 8000)
        let tones = Self.detect(signal)
        print("Fax CED: \(tones.map { "\($0.kind)@\($0.sampleOffset)" })")
        #expect(tones.map(\.kind) == [.faxCED])
        if let first = tones.first { #expect(abs(first.sampleOffset - 4000) <= 160) }
    }

    @Test("DTMF digits and speech do not trigger fax tones")
    func falseAlarms() throws {
        var signal: [Int16] = []
        for digit in DTMFDetectorTests.digits { signal += ToneGenerator.dtmf(digit, durationMs: 200, sampleRate: 8000) + ToneGenerator.silence(durationMs: 100, sampleRate: 8000) }
        signal += TestSignals.speechLike(seconds: 60, rate: 8000, seed: 21, pitchRange: 80...250, peak: 20000)
        #expect(Self.detect(signal).isEmpty)
        let flite = try #require(FliteSpeech.kal8k)
        #expect(Self.detect(flite.samples).isEmpty)
    }
}
