/// The fixed-layout RIFF header Herald writes before recorded audio, and the offsets of its size fields.
///
/// PCM gets the canonical 44-byte header. G.711 gets an 18-byte `fmt ` chunk and a `fact` chunk
/// (sample count), as the RIFF rules ask of non-PCM formats, 58 bytes in all.
struct WAVHeader: Sendable, Hashable {
    var encoding: WAVEncoding
    var sampleRate: Int

    /// Bytes before the audio.
    var size: Int { encoding == .pcm16 ? 44 : 58 }
    /// Where the data chunk's size field is.
    var dataSizeOffset: Int { size - 4 }

    /// The header for `dataBytes` bytes of audio.
    func bytes(dataBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        let bytesPerSample = encoding.bytesPerSample
        out.append(contentsOf: "RIFF".utf8)
        append32(&out, UInt32(truncatingIfNeeded: size - 8 + dataBytes))
        out.append(contentsOf: "WAVE".utf8)
        out.append(contentsOf: "fmt ".utf8)
        append32(&out, encoding == .pcm16 ? 16 : 18)
        append16(&out, encoding.rawValue)
        append16(&out, 1)
        append32(&out, UInt32(sampleRate))
        append32(&out, UInt32(sampleRate * bytesPerSample))
        append16(&out, UInt16(bytesPerSample))
        append16(&out, UInt16(bytesPerSample * 8))
        if encoding != .pcm16 {
            append16(&out, 0)
            out.append(contentsOf: "fact".utf8)
            append32(&out, 4)
            append32(&out, UInt32(truncatingIfNeeded: dataBytes / bytesPerSample))
        }
        out.append(contentsOf: "data".utf8)
        append32(&out, UInt32(truncatingIfNeeded: dataBytes))
        return out
    }

    private func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(value & 0xFF))
        out.append(UInt8(value >> 8))
    }

    private func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
