import Testing
import Codecs

/// `AudioCodec` from SDP rtpmap lines, its arithmetic, and the errors encoders and decoders throw.
@Suite("Codec descriptions and errors")
struct CodecNegotiationTests {
    @Test("rtpmap names map to codecs, case-insensitively")
    func rtpmap() {
        #expect(AudioCodec(encodingName: "PCMU", clockRate: 8000) == .pcmu)
        #expect(AudioCodec(encodingName: "pcma", clockRate: 8000) == .pcma)
        #expect(AudioCodec(encodingName: "G722", clockRate: 8000) == .g722)
        #expect(AudioCodec(encodingName: "G729", clockRate: 8000) == .g729)
        #expect(AudioCodec(encodingName: "GSM", clockRate: 8000) == .gsm)
        #expect(AudioCodec(encodingName: "G723", clockRate: 8000) == .g723)
        #expect(AudioCodec(encodingName: "opus", clockRate: 48000, channels: 2) == .opus)
        #expect(AudioCodec(encodingName: "L16", clockRate: 16000)?.sampleRate == 16000)
        #expect(AudioCodec(encodingName: "PCMU", clockRate: 16000) == nil)
        #expect(AudioCodec(encodingName: "telephone-event", clockRate: 8000) == nil)
        #expect(AudioCodec(encodingName: "L16", clockRate: 44100, channels: 2) == nil)
        #expect(AudioCodec(encodingName: "iLBC", clockRate: 8000) == nil)
    }

    @Test("samples and RTP timestamp units")
    func arithmetic() {
        #expect(AudioCodec.g722.samples(forMilliseconds: 20) == 320)
        #expect(AudioCodec.g722.rtpTimestampUnits(forMilliseconds: 20) == 160)
        #expect(AudioCodec.opus.samples(forMilliseconds: 20) == 960)
        #expect(AudioCodec.opus.rtpTimestampUnits(forMilliseconds: 20) == 960)
        #expect(AudioCodec.g723.samples(forMilliseconds: 30) == 240)
        #expect(AudioCodec.g729.samplesPerFrame == 80)
    }

    @Test("encoders reject partial frames", arguments: [AudioCodec.g722, .g729, .gsm, .g723, .opus])
    func partialFrames(_ codec: AudioCodec) throws {
        let encoder = try CodecFactory.makeEncoder(for: codec)
        var payload: [UInt8] = []
        #expect(throws: CodecError.self) { try encoder.encode([Int16](repeating: 0, count: codec.samplesPerFrame - 1)[...], into: &payload) }
        #expect(payload.isEmpty)
    }

    @Test("decoders reject malformed payloads without appending samples")
    func malformed() throws {
        let cases: [(AudioCodec, [UInt8])] = [
            (.gsm, [UInt8](repeating: 0xD0, count: 32)),      // not a multiple of 33
            (.gsm, [UInt8](repeating: 0x00, count: 33)),      // no 0xD signature
            (.g729, [UInt8](repeating: 0, count: 13)),        // 10·n + 3
            (.g723, [0x00, 1, 2, 3]),                         // a 6.3k header on a 4-byte payload
            (.l16, [1, 2, 3]),
            (.pcmu, []),
        ]
        for (codec, payload) in cases {
            let decoder = try CodecFactory.makeDecoder(for: codec)
            var samples: [Int16] = [42]
            #expect(throws: CodecError.self, "\(codec.kind.rawValue) \(payload.count) bytes") { try decoder.decode(payload[...], into: &samples) }
            #expect(samples == [42])
        }
    }

    @Test("G.723.1 decoder takes 5.3k (20-byte), SID and mixed frames by their header bits")
    func g7231FrameTypes() throws {
        let decoder = try CodecFactory.makeDecoder(for: .g723)
        var random = SeededGenerator(seed: 2)
        // A 6.3k frame from our encoder, then a 5.3k frame (header bits 01, arbitrary contents), then a SID frame.
        let speech = try CodecHarness.encode(TestSignals.speechLike(seconds: 0.06, rate: 8000), .g723)
        var frame53 = (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) }
        frame53[0] = frame53[0] & 0xFC | 0x01
        var samples: [Int16] = []
        try decoder.decode((speech[0] + frame53)[...], into: &samples)
        #expect(samples.count == 480)
        try decoder.decode(frame53[...], into: &samples)
        #expect(samples.count == 720)
        try decoder.decode([0x02, 0x10, 0x20, 0x30][...], into: &samples)
        #expect(samples.count == 960)
    }

    @Test("L16 is big-endian on the wire")
    func l16ByteOrder() throws {
        let encoder = try CodecFactory.makeEncoder(for: .l16)
        var payload: [UInt8] = []
        try encoder.encode([0x0102, -2][...], into: &payload)
        #expect(payload == [0x01, 0x02, 0xFF, 0xFE])
    }

    @Test("G.729 decoder accepts a trailing Annex B SID frame")
    func g729SID() throws {
        let decoder = try CodecFactory.makeDecoder(for: .g729)
        let speech = try CodecHarness.encode(TestSignals.speechLike(seconds: 0.04, rate: 8000), .g729)
        var samples: [Int16] = []
        try decoder.decode((speech[0] + [0x12, 0x34])[...], into: &samples)
        #expect(samples.count == 240)
    }
}
