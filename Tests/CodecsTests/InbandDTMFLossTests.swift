import Codecs
import Testing

/// In-band DTMF after packet loss: the receiver conceals lost packets (pitch repetition for G.711 and G.722)
/// before the detector sees the audio, and a concealed gap inside a tone must neither split one key press
/// into two nor hide it.
@Suite("In-band DTMF through lossy G.711 and G.722")
struct InbandDTMFLossTests {
    /// Sends `count` random key presses (100 ms tone, 100 ms pause, no key twice in a row) through `codec`, loses
    /// packets independently at `lossPercent`, and returns how many presses were missed and how many extra
    /// digits were heard.
    static func run(_ codec: AudioCodec, count: Int, lossPercent: Double, seed: UInt64) throws -> (missed: Int, extra: Int) {
        var random = SeededGenerator(seed: seed)
        let keys = Array("0123456789*#ABCD")
        var pressed: [Character] = []
        let rate = codec.sampleRate
        var signal = ToneGenerator.silence(durationMs: 200, sampleRate: rate)
        for _ in 0..<count {
            var key = keys.randomElement(using: &random)!
            while key == pressed.last { key = keys.randomElement(using: &random)! }
            pressed.append(key)
            signal += ToneGenerator.dtmf(key, durationMs: 100, sampleRate: rate, levelDBm0: -12)
            signal += ToneGenerator.silence(durationMs: 100, sampleRate: rate)
        }
        let payloads = try CodecHarness.encode(signal, codec)
        let lost = Set(payloads.indices.filter { _ in Double.random(in: 0..<100, using: &random) < lossPercent })
        let heard = Array(DTMFDetectorTests.digitString(DTMFDetectorTests.detect(try CodecHarness.decode(payloads, codec, lost: lost), rate: rate)))
        // Consecutive presses differ, so a press split in two shows as the same digit twice in a row.
        let extra = zip(heard, heard.dropFirst()).filter { $0 == $1 }.count
        let missed = pressed.count - longestCommonSubsequence(pressed, heard)
        return (missed, extra)
    }

    static func longestCommonSubsequence(_ a: [Character], _ b: [Character]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() { current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j]) }
            previous = current
        }
        return previous[b.count]
    }

    /// Measured with these seeds: G.711 (both laws) 0 missed and 0 extra at 1 %, 1 missed and 1 extra at 5 %;
    /// G.722 1 missed at 1 % (its ADPCM state runs on after a lost packet, which distorts the tone for a while)
    /// and 4 missed, 2 extra at 5 %. Without the detector's bridging of short breaks, 1 % gave 2 extra.
    @Test("1 % loss: 1,000 key presses, none doubled; none missed over G.711", arguments: [AudioCodec.pcmu, .pcma, .g722])
    func onePercent(_ codec: AudioCodec) throws {
        let result = try Self.run(codec, count: 1000, lossPercent: 1, seed: 24)
        print("in-band DTMF, \(codec.kind.rawValue), 1 % loss: \(result.missed) missed, \(result.extra) extra of 1000")
        #expect(result.extra == 0)
        #expect(result.missed <= (codec.kind == .g722 ? 1 : 0))
    }

    @Test("5 % loss: 1,000 key presses, at most 0.3 % doubled and 1 % missed", arguments: [AudioCodec.pcmu, .pcma, .g722])
    func fivePercent(_ codec: AudioCodec) throws {
        let result = try Self.run(codec, count: 1000, lossPercent: 5, seed: 4733)
        print("in-band DTMF, \(codec.kind.rawValue), 5 % loss: \(result.missed) missed, \(result.extra) extra of 1000")
        #expect(result.extra <= 3)
        #expect(result.missed <= 10)
    }
}
