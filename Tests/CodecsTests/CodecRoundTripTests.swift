import Testing
import Codecs

/// Round trips through every codec: SNR after aligning by cross-correlation, determinism, frame sizes.
///
/// Thresholds are a few dB under the figures measured on Debian 12 (printed by the tests). Waveform SNR says
/// little about how a vocoder sounds (G.729, GSM, G.723.1 keep the spectrum, not the waveform), so their
/// thresholds are low; they still catch a broken pipeline (wrong byte order, frame misalignment), which
/// scores ≈ 0 dB.
@Suite("Codec round trips")
struct CodecRoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var codec: AudioCodec
        var minToneSNR: Double
        var minSpeechSNR: Double
        var payloadBytesPerPacket: Int
        var testDescription: String { codec.kind.rawValue }
    }

    // Measured (tone / speech-like, dB): PCMU 37.0/37.2, PCMA 56.4/37.4, G.722 47.2/29.2, G.729 10.8/5.0,
    // GSM 37.1/10.1, G.723.1 18.1/12.9, Opus (32 kbit/s) 26.6/8.9, L16 lossless.
    // Delays found on speech: G.722 22, G.729 40, GSM 0, G.723.1 60, Opus 308 samples (at their PCM rates).
    static let cases: [Case] = [
        Case(codec: .pcmu, minToneSNR: 35, minSpeechSNR: 35, payloadBytesPerPacket: 160),
        Case(codec: .pcma, minToneSNR: 53, minSpeechSNR: 35, payloadBytesPerPacket: 160),
        Case(codec: .g722, minToneSNR: 44, minSpeechSNR: 26, payloadBytesPerPacket: 160),
        Case(codec: .g729, minToneSNR: 8, minSpeechSNR: 3, payloadBytesPerPacket: 20),
        Case(codec: .gsm, minToneSNR: 34, minSpeechSNR: 7, payloadBytesPerPacket: 33),
        Case(codec: .g723, minToneSNR: 15, minSpeechSNR: 10, payloadBytesPerPacket: 24),
        Case(codec: .opus, minToneSNR: 23, minSpeechSNR: 6, payloadBytesPerPacket: 0),
        Case(codec: .l16, minToneSNR: 200, minSpeechSNR: 200, payloadBytesPerPacket: 320),
    ]

    @Test("1 kHz tone round trip keeps SNR", arguments: cases)
    func toneSNR(_ c: Case) throws {
        let signal = TestSignals.tone(1000, amplitude: 10000, seconds: 2, rate: c.codec.sampleRate)
        let result = try CodecHarness.roundTrip(signal, c.codec)
        print("SNR \(c.codec.kind.rawValue) tone: \(fmt(result.snr)) dB, delay \(result.delay) samples")
        #expect(result.snr >= c.minToneSNR)
    }

    @Test("speech-like signal round trip keeps SNR", arguments: cases)
    func speechSNR(_ c: Case) throws {
        let signal = TestSignals.speechLike(seconds: 4, rate: c.codec.sampleRate, seed: 7)
        let result = try CodecHarness.roundTrip(signal, c.codec)
        print("SNR \(c.codec.kind.rawValue) speech: \(fmt(result.snr)) dB, delay \(result.delay) samples")
        #expect(result.snr >= c.minSpeechSNR)
    }

    @Test("payload sizes per packet and decoded sample counts", arguments: cases)
    func sizes(_ c: Case) throws {
        let signal = TestSignals.speechLike(seconds: 1.2, rate: c.codec.sampleRate, seed: 3)
        let payloads = try CodecHarness.encode(signal, c.codec)
        if c.payloadBytesPerPacket > 0 {
            #expect(payloads.allSatisfy { $0.count == c.payloadBytesPerPacket })
        } else {
            #expect(payloads.allSatisfy { !$0.isEmpty && $0.count <= 1275 })
        }
        let output = try CodecHarness.decode(payloads, c.codec)
        #expect(output.count == payloads.count * c.codec.samples(forMilliseconds: CodecHarness.packetMilliseconds(c.codec)))
    }

    @Test("encoding is deterministic: fresh encoders give identical bytes", arguments: cases)
    func determinism(_ c: Case) throws {
        let signal = TestSignals.speechLike(seconds: 1, rate: c.codec.sampleRate, seed: 11)
        #expect(try CodecHarness.encode(signal, c.codec) == CodecHarness.encode(signal, c.codec))
    }

    @Test("packets of several frames: 40 ms (60 ms for G.723.1) encode and decode as concatenated frames",
          arguments: [(AudioCodec.g722, 320), (.g729, 40), (.gsm, 66), (.g723, 48), (.pcmu, 320)])
    func multiFramePackets(_ codec: AudioCodec, bytes: Int) throws {
        let milliseconds = codec.kind == .g723 ? 60 : 40
        let signal = TestSignals.speechLike(seconds: 0.12, rate: codec.sampleRate, seed: 8)
        let encoder = try CodecFactory.makeEncoder(for: codec)
        let decoder = try CodecFactory.makeDecoder(for: codec)
        var payload: [UInt8] = []
        try encoder.encode(signal[0..<codec.samples(forMilliseconds: milliseconds)], into: &payload)
        #expect(payload.count == bytes)
        var samples: [Int16] = []
        try decoder.decode(payload[...], into: &samples)
        #expect(samples.count == codec.samples(forMilliseconds: milliseconds))
    }

    @Test("Opus packs 40 ms into one packet and decodes it whole")
    func opusLongPacket() throws {
        let signal = TestSignals.speechLike(seconds: 0.1, rate: 48000, seed: 8)
        let encoder = try CodecFactory.makeEncoder(for: .opus)
        let decoder = try CodecFactory.makeDecoder(for: .opus)
        var payload: [UInt8] = []
        try encoder.encode(signal[0..<1920], into: &payload)
        var samples: [Int16] = []
        try decoder.decode(payload[...], into: &samples)
        #expect(samples.count == 1920)
    }

    private func fmt(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
}
