import Foundation
@testable import Speech
import Testing

@Suite("WAV reading and writing for prompt files")
struct WAVTests {
    static let audio = SynthesizedAudio(sampleRate: 8000, samples: (0..<801).map { Int16(truncatingIfNeeded: $0 * 97 - 30_000) } + [.min, .max])

    @Test("PCM16 mono round-trips, header fields are right")
    func roundTrip() throws {
        let bytes = Self.audio.wavBytes()
        #expect(bytes.count == 44 + Self.audio.samples.count * 2)
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[8..<16]) == Array("WAVEfmt ".utf8))
        #expect(bytes[22] == 1 && bytes[34] == 16)              // mono, 16 bits
        #expect(Int(bytes[24]) | Int(bytes[25]) << 8 == 8000)
        #expect(Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 == bytes.count - 8)
        #expect(try SynthesizedAudio(wavBytes: bytes) == Self.audio)
    }

    @Test("a comment rides in a LIST/INFO chunk, including odd lengths and non-ASCII")
    func comments() throws {
        for comment in ["", "a", "slt: Goodbye.", "slt: Zoë"] {
            let bytes = WAVCodec.encode(Self.audio, comment: comment)
            #expect(bytes.count % 2 == 0)
            let decoded = try WAVCodec.decode(bytes)
            #expect(decoded.comment == comment)
            #expect(decoded.audio == Self.audio)
        }
        #expect(try WAVCodec.decode(Self.audio.wavBytes()).comment == nil)
    }

    @Test("µ-law, A-law and stereo uploads are read as mono PCM")
    func otherFormats() throws {
        for (tag, encode): (UInt8, (Int16) -> UInt8) in [(7, { G711Reference.ulaw($0) }), (6, { G711Reference.alaw($0) })] {
            let samples: [Int16] = [0, 1000, -1000, 8000, -8000]
            var bytes = Self.header(tag: tag, channels: 1, rate: 8000, bits: 8, dataSize: samples.count)
            bytes += samples.map(encode)
            let decoded = try SynthesizedAudio(wavBytes: bytes)
            #expect(decoded.sampleRate == 8000 && decoded.samples.count == samples.count)
            for (original, read) in zip(samples, decoded.samples) { #expect(abs(Int(original) - Int(read)) <= abs(Int(original)) / 16 + 8) }
        }
        var stereo = Self.header(tag: 1, channels: 2, rate: 16000, bits: 16, dataSize: 8)
        stereo += [0x10, 0x00, 0x30, 0x00, 0xFF, 0xFF, 0xFD, 0xFF]    // (16, 48), (−1, −3)
        #expect(try SynthesizedAudio(wavBytes: stereo) == SynthesizedAudio(sampleRate: 16000, samples: [32, -2]))
    }

    @Test("a data chunk cut short by a crash yields what is there")
    func truncated() throws {
        let bytes = Array(Self.audio.wavBytes().dropLast(100))
        let decoded = try SynthesizedAudio(wavBytes: bytes)
        #expect(decoded.samples == Array(Self.audio.samples.dropLast(50)))
    }

    @Test("garbage is an error that says what is wrong", arguments: [
        ([UInt8](), "RIFF"), (Array("RIFF\u{0}\u{0}\u{0}\u{0}AVI ".utf8), "RIFF"),
        (Array("RIFF\u{4}\u{0}\u{0}\u{0}WAVE".utf8), "fmt"),
        (header(tag: 3, channels: 1, rate: 8000, bits: 32, dataSize: 0), "format tag 3"),
        (header(tag: 1, channels: 0, rate: 8000, bits: 16, dataSize: 0), "0 channels"),
        (Array(header(tag: 1, channels: 1, rate: 8000, bits: 16, dataSize: 0).dropLast(8)), "data"),
    ])
    func garbage(bytes: [UInt8], mention: String) {
        do {
            _ = try SynthesizedAudio(wavBytes: bytes)
            Issue.record("accepted garbage")
        } catch {
            #expect(error.description.contains(mention), "\(error)")
        }
    }

    static func header(tag: UInt8, channels: UInt8, rate: Int, bits: UInt8, dataSize: Int) -> [UInt8] {
        func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        let align = Int(channels) * Int(bits) / 8
        return Array("RIFF".utf8) + le32(36 + dataSize) + Array("WAVEfmt ".utf8) + le32(16) + [tag, 0, channels, 0]
            + le32(rate) + le32(rate * align) + [UInt8(align), 0, bits, 0] + Array("data".utf8) + le32(dataSize)
    }
}

/// G.711 encoders written from the standard's description, independent of Codecs' tables.
enum G711Reference {
    static func ulaw(_ sample: Int16) -> UInt8 {
        let sign: UInt8 = sample < 0 ? 0x80 : 0
        var magnitude = min(Int(sample.magnitude), 32635) + 132
        var exponent = 7
        while exponent > 0 && magnitude & (0x4000 >> (7 - exponent)) == 0 { exponent -= 1 }
        magnitude >>= exponent + 3
        return ~(sign | UInt8(exponent << 4) | UInt8(magnitude & 0x0F))
    }

    static func alaw(_ sample: Int16) -> UInt8 {
        let sign: UInt8 = sample >= 0 ? 0x80 : 0
        let magnitude = min(Int(sample.magnitude), 32767) >> 3
        var exponent = 0
        while exponent < 7 && magnitude >= (32 << exponent) { exponent += 1 }
        let mantissa = exponent == 0 ? magnitude >> 1 : magnitude >> exponent
        return (sign | UInt8(exponent << 4) | UInt8(mantissa & 0x0F)) ^ 0x55
    }
}
