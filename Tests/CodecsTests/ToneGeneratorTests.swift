import Testing
import Codecs
import CSpanDSP

@Suite("Tone generator")
struct ToneGeneratorTests {
    @Test("dBm0 levels agree with spandsp's dds_scaling_dbm0; dBov is RMS against a full-scale square")
    func levels() {
        for level in [-30.0, -10, 0, 3] {
            let ours = ToneGenerator.sine(frequencies: [1000], durationMs: 100, sampleRate: 8000, levelDBm0: level)
            let peak = ours.map { abs(Int($0)) }.max() ?? 0
            #expect(abs(peak - Int(dds_scaling_dbm0(Float(level)))) <= 2, "\(level) dBm0")
        }
        let tone = ToneGenerator.sine(frequencies: [1000], durationMs: 100, sampleRate: 8000, levelDBov: -20)
        #expect(abs(VoiceActivityDetector.level(tone[...]) - -20) < 0.05)
    }

    @Test("DTMF digits use the Q.23 pairs; unknown characters give silence")
    func dtmf() {
        #expect(ToneGenerator.dtmfFrequencies("5")! == (770, 1336))
        #expect(ToneGenerator.dtmfFrequencies("d")! == (941, 1633))
        #expect(ToneGenerator.dtmfFrequencies("x") == nil)
        let digit = ToneGenerator.dtmf("#", durationMs: 50, sampleRate: 8000)
        #expect(digit.count == 400 && digit.contains { $0 != 0 })
        #expect(ToneGenerator.dtmf("x", durationMs: 50, sampleRate: 8000) == [Int16](repeating: 0, count: 400))
    }

    @Test("the beep ramps in and out, so it starts and ends near zero")
    func beep() {
        let beep = ToneGenerator.beep(sampleRate: 8000)
        #expect(beep.count == 3200)
        #expect(beep.prefix(4).allSatisfy { abs(Int($0)) < 100 } && beep.suffix(4).allSatisfy { abs(Int($0)) < 100 })
        #expect(beep.map { abs(Int($0)) }.max()! > 5000)
    }
}
