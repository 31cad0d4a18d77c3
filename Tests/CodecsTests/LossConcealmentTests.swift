import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codecs

/// Packet-loss concealment: the right number of samples, continuity at the edges, fading when loss persists.
@Suite("Packet-loss concealment")
struct LossConcealmentTests {
    static let codecs: [AudioCodec] = [.pcmu, .pcma, .g722, .g729, .gsm, .g723, .opus, .l16]

    @Test("lost packets are replaced by exactly their sample count without clicks", arguments: codecs)
    func singleLoss(_ codec: AudioCodec) throws {
        let signal = TestSignals.speechLike(seconds: 2, rate: codec.sampleRate, seed: 5)
        let payloads = try CodecHarness.encode(signal, codec)
        let clean = try CodecHarness.decode(payloads, codec)
        let lost = [20, 21, 40]
        let concealed = try CodecHarness.decode(payloads, codec, lost: Set(lost))
        #expect(concealed.count == clean.count)
        // "No clicks": across each gap and half a packet after it (where decoders cross-fade back), no
        // sample-to-sample step exceeds 1.5 × the largest step of the clean decode around the gap, plus 1 %
        // of full scale for very quiet passages.
        let packet = codec.samples(forMilliseconds: CodecHarness.packetMilliseconds(codec))
        var worst = 0.0
        for index in lost {
            let gap = concealed[index * packet - 1..<min(concealed.count, (index + 1) * packet + packet / 2)]
            let around = clean[(index - 2) * packet..<min(clean.count, (index + 3) * packet)]
            let bound = 1.5 * Double(Measure.maxStep(around)) + 328
            worst = max(worst, Double(Measure.maxStep(gap)) / bound)
            #expect(Double(Measure.maxStep(gap)) <= bound, "packet \(index)")
        }
        print("PLC \(codec.kind.rawValue): worst step across gaps = \(Int(worst * 100)) % of the bound")
    }

    @Test("concealment appends exactly the requested count, including odd counts", arguments: codecs)
    func exactCounts(_ codec: AudioCodec) throws {
        let decoder = try CodecFactory.makeDecoder(for: codec)
        var output: [Int16] = []
        for count in [1, 7, 80, 160, 333, 960, 1000] {
            let before = output.count
            decoder.concealLoss(sampleCount: count, into: &output)
            #expect(output.count - before == count)
        }
    }

    @Test("long loss fades towards silence", arguments: [AudioCodec.pcmu, .g722, .gsm, .g729, .opus])
    func fades(_ codec: AudioCodec) throws {
        let signal = TestSignals.speechLike(seconds: 1, rate: codec.sampleRate, seed: 9, peak: 16000)
        let payloads = try CodecHarness.encode(signal, codec)
        let decoder = try CodecFactory.makeDecoder(for: codec)
        var output: [Int16] = []
        for payload in payloads { try decoder.decode(payload[...], into: &output) }
        let lastReal = TestSignals.rms(output.suffix(codec.samples(forMilliseconds: 100))[...])
        var gap: [Int16] = []
        decoder.concealLoss(sampleCount: codec.samples(forMilliseconds: 400), into: &gap)
        let tail = TestSignals.rms(gap.suffix(codec.samples(forMilliseconds: 100))[...])
        print("PLC \(codec.kind.rawValue): RMS before loss \(Int(lastReal)), after 300–400 ms of loss \(Int(tail))")
        #expect(tail < 0.25 * max(lastReal, 1))
    }

    @Test("a steady voiced sound is continued, not silenced: pitch repetition tracks it for the first 10 ms",
          arguments: [AudioCodec.l16, .pcmu, .g722])
    func pitchRepetition(_ codec: AudioCodec) throws {
        // A 125 Hz harmonic-rich vowel-like wave (four harmonics), stationary so the loop should match it.
        let rate = codec.sampleRate
        let signal: [Int16] = (0..<rate).map { n in
            let t = Double(n) / Double(rate)
            let value = (1...4).reduce(0.0) { sum, h in sum + sin(2 * Double.pi * 125 * Double(h) * t) / Double(h) }
            return Int16((6000 * value).rounded())
        }
        let payloads = try CodecHarness.encode(signal, codec)
        let concealed = try CodecHarness.decode(payloads, codec, lost: [10])
        let clean = try CodecHarness.decode(payloads, codec)
        let packet = codec.samples(forMilliseconds: 20)
        let window = Array(concealed[10 * packet..<10 * packet + codec.samples(forMilliseconds: 10)])
        let reference = Array(clean[10 * packet..<10 * packet + codec.samples(forMilliseconds: 10)])
        let snr = Measure.snr(window, reference, delay: 0, skip: 0)
        print("PLC \(codec.kind.rawValue): first 10 ms of a lost steady vowel at \(Int(snr)) dB SNR")
        #expect(snr > 15)
    }
}
