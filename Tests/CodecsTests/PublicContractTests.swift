import Testing
import Codecs

/// Pins the public API MediaEngine is written against: if a signature drifts, this file stops compiling.
@Suite("Public contract")
struct PublicContractTests {
    @Test("signatures as agreed with MediaEngine")
    func signatures() throws {
        let makeEncoder: (AudioCodec) throws(CodecError) -> any AudioEncoder = CodecFactory.makeEncoder(for:)
        let makeDecoder: (AudioCodec) throws(CodecError) -> any AudioDecoder = CodecFactory.makeDecoder(for:)
        let codecs: [AudioCodec] = [.pcmu, .pcma, .g722, .g729, .gsm, .g723, .opus]
        #expect(Set(codecs.map(\.kind)).count == AudioCodecKind.allCases.count - 1)   // all but L16, which has no static PT
        let encoder = try makeEncoder(.pcmu)
        let decoder = try makeDecoder(.pcmu)
        var payload: [UInt8] = []
        try encoder.encode(ToneGenerator.silence(durationMs: 20, sampleRate: 8000)[...], into: &payload)
        var samples: [Int16] = []
        try decoder.decode(payload[...], into: &samples)
        decoder.concealLoss(sampleCount: 160, into: &samples)
        #expect(samples.count == 320 && encoder.codec == .pcmu && decoder.codec == .pcmu)

        let _: (Int16) -> UInt8 = G711.ulawEncode
        let _: (UInt8) -> Int16 = G711.ulawDecode
        let _: (Int16) -> UInt8 = G711.alawEncode
        let _: (UInt8) -> Int16 = G711.alawDecode
        let resampler: Resampler = try Resampler(from: 8000, to: 16000)
        resampler.process(samples[...], into: &samples)
        let _: [Int16] = ToneGenerator.dtmf("1", durationMs: 100, sampleRate: 8000)
        let _: [Int16] = ToneGenerator.sine(frequencies: [425], durationMs: 100, sampleRate: 8000, levelDBm0: -13)
        let _: [DetectedTone] = DTMFDetector().process(samples[...])
        let _: [DetectedTone] = FaxToneDetector().process(samples[...])
        var vad = VoiceActivityDetector(sampleRate: 8000)
        let voice: Bool = vad.process(samples[...])
        let level: Double = vad.lastLevelDBov
        #expect(!voice || level > -100)
        let tone = DetectedTone(kind: .dtmf("5"), sampleOffset: 0)
        #expect(tone.kind != .faxCNG && tone.kind != .faxCED)
        #expect(AudioCodec(encodingName: "PCMU", clockRate: 8000, channels: 1)?.rtpTimestampUnits(forMilliseconds: 20) == 160)
        let _: CodecError = .unsupported(""), _: CodecError = .malformedPayload(""), _: CodecError = .library("")
    }
}
