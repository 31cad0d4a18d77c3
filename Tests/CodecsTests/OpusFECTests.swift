import Codecs
import Foundation
import Testing

/// Opus in-band FEC (RFC 6716 §2.1.7): Herald's encoder adds a low-bitrate copy of each frame to the next packet,
/// and its decoder rebuilds a lost frame from that copy when the next packet is at hand.
@Suite("Opus in-band FEC")
struct OpusFECTests {
    /// Decodes speech with every `every`-th packet lost, the loss filled by `fill`, and returns the SNR against
    /// the same packets decoded without loss, measured over the lost frames only.
    static func snrOverLostFrames(
        every: Int, fill: (any AudioDecoder, _ next: [UInt8], _ count: Int, inout [Int16]) -> Void
    ) throws -> Double {
        let codec = AudioCodec.opus
        let speech = TestSignals.speechLike(seconds: 6, rate: 48000, seed: 11)
        let payloads = try CodecHarness.encode(speech, codec)
        let reference = try CodecHarness.decode(payloads, codec)
        let decoder = try CodecFactory.makeDecoder(for: codec)
        let frame = codec.samples(forMilliseconds: 20)
        var output: [Int16] = []
        var lostRanges: [Range<Int>] = []
        for (index, payload) in payloads.enumerated() {
            if index > 10, index % every == 0, index + 1 < payloads.count {
                lostRanges.append(output.count..<output.count + frame)
                fill(decoder, payloads[index + 1], frame, &output)
            } else {
                try decoder.decode(payload[...], into: &output)
            }
        }
        var signal = 0.0, noise = 0.0
        for range in lostRanges {
            for i in range {
                let r = Double(reference[i]), o = Double(output[i])
                signal += r * r
                noise += (r - o) * (r - o)
            }
        }
        return 10 * log10(signal / max(noise, 1e-9))
    }

    @Test("a lost frame rebuilt from the next packet's FEC is far closer to the original than Opus's PLC")
    func fecBeatsConcealment() throws {
        let concealed = try Self.snrOverLostFrames(every: 10) { decoder, _, count, output in
            decoder.concealLoss(sampleCount: count, into: &output)
        }
        let recovered = try Self.snrOverLostFrames(every: 10) { decoder, next, count, output in
            guard let correcting = decoder as? any ForwardErrorCorrectingDecoder else { Issue.record("Opus decoder has no FEC"); return }
            correcting.recoverLoss(sampleCount: count, from: next[...], into: &output)
        }
        print("Opus, 10 % loss, lost frames only: PLC \(concealed) dB, FEC \(recovered) dB")
        #expect(recovered > concealed + 3, "FEC \(recovered) dB vs PLC \(concealed) dB")
    }

    @Test("a gap longer than one frame: the frames before the last are concealed, the last rebuilt; the length is exact")
    func longGap() throws {
        let codec = AudioCodec.opus
        let payloads = try CodecHarness.encode(TestSignals.speechLike(seconds: 1, rate: 48000, seed: 3), codec)
        let decoder = try CodecFactory.makeDecoder(for: codec)
        guard let correcting = decoder as? any ForwardErrorCorrectingDecoder else { Issue.record("Opus decoder has no FEC"); return }
        var output: [Int16] = []
        try decoder.decode(payloads[0][...], into: &output)
        correcting.recoverLoss(sampleCount: 3 * 960, from: payloads[4][...], into: &output)
        try decoder.decode(payloads[4][...], into: &output)
        #expect(output.count == 5 * 960)
    }
}
