import Codecs
import Foundation
import MediaEngine
import Testing

@Suite("WAV files")
struct WAVTests {
    static let audio = PCMAudio(sampleRate: 8000, samples: ToneGenerator.sine(frequencies: [440], durationMs: 200, sampleRate: 8000, levelDBm0: -10))

    @Test("16-bit PCM round-trips exactly")
    func pcmRoundTrip() throws {
        #expect(try WAVFile.decode(WAVFile.encode(Self.audio)) == Self.audio)
    }

    @Test("G.711 files decode to what G.711 gives", arguments: [WAVEncoding.ulaw, .alaw])
    func g711RoundTrip(encoding: WAVEncoding) throws {
        let bytes = WAVFile.encode(Self.audio, encoding: encoding)
        #expect(bytes.count == 58 + Self.audio.samples.count)
        let decoded = try WAVFile.decode(bytes)
        let expected = Self.audio.samples.map { encoding == .ulaw ? G711.ulawDecode(G711.ulawEncode($0)) : G711.alawDecode(G711.alawEncode($0)) }
        #expect(decoded.samples == expected)
    }

    @Test("stereo is mixed down to mono")
    func stereo() throws {
        var bytes = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 2, 0]
        bytes += [0x40, 0x1F, 0, 0, 0x00, 0x7D, 0, 0, 4, 0, 16, 0] + Array("data".utf8) + [8, 0, 0, 0]
        bytes += [100, 0, 200, 0, 0xFF, 0xFF, 0xFD, 0xFF]  // (100, 200), (-1, -3)
        #expect(try WAVFile.decode(bytes).samples == [150, -2])
    }

    @Test("a file cut off by a crash is read to its end and repaired", arguments: [WAVEncoding.pcm16, .ulaw])
    func crashedFile(encoding: WAVEncoding) throws {
        var bytes = WAVFile.encode(Self.audio, encoding: encoding)
        let header = encoding == .pcm16 ? 44 : 58
        // What a crash before the first header update leaves: sizes of zero, audio after them.
        for offset in [4, 5, 6, 7, header - 4, header - 3, header - 2, header - 1] { bytes[offset] = 0 }
        #expect(try WAVFile.decode(bytes).samples.count == Self.audio.samples.count)

        let path = PlayAndRecordTests.temporaryPath("crashed.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let recovered = try WAVRecovery.repair(path: path)
        #expect(recovered == .milliseconds(200))
        let repaired = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let declared = Int(repaired[header - 4]) | Int(repaired[header - 3]) << 8
        #expect(declared == Self.audio.samples.count * (encoding == .pcm16 ? 2 : 1))
    }

    @Test("an empty data chunk followed by a trailer is no audio, not the trailer read as samples")
    func emptyDataWithTrailer() throws {
        var bytes = Array("RIFF".utf8) + [46, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 1, 0]
        bytes += [0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0] + Array("data".utf8) + [0, 0, 0, 0]
        bytes += Array("LIST".utf8) + [5, 0, 0, 0] + Array("INFOx".utf8) + [0]
        #expect(try WAVFile.decode(bytes).samples.isEmpty)
        // The same zero size before audio (a crashed writer) still reads the audio.
        let crashed = Array(bytes[0..<44]) + [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0]
        #expect(try WAVFile.decode(crashed).samples == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test("files that are not WAV are refused with a reason")
    func refused() {
        #expect(throws: WAVError.self) { try WAVFile.decode(Array("not a wav file at all".utf8)) }
        #expect(throws: WAVError.self) { try WAVFile.decode(Array("RIFF\0\0\0\0WAVE".utf8)) }
    }
}
