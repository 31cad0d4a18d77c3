import Codecs
import Foundation

/// Reads WAV files into PCM: 16-bit PCM, µ-law and A-law, mono or multichannel (mixed down).
///
/// A file whose sizes are wrong — a recording cut off by a crash before its header was updated —
/// is read up to the end of the file, so partial audio is never refused.
public enum WAVFile {
    /// Reads and decodes a WAV file.
    public static func read(path: String) throws(WAVError) -> PCMAudio {
        let data: [UInt8]
        do {
            data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw WAVError("cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data)
    }

    /// Decodes the bytes of a WAV file.
    public static func decode(_ bytes: [UInt8]) throws(WAVError) -> PCMAudio {
        let layout = try parseLayout(bytes)
        let frameBytes = layout.encoding.bytesPerSample * layout.channels
        let frames = layout.dataCount / frameBytes
        var samples = [Int16]()
        samples.reserveCapacity(frames)
        var offset = layout.dataOffset
        for _ in 0..<frames {
            var sum = 0
            for _ in 0..<layout.channels {
                switch layout.encoding {
                case .pcm16: sum += Int(Int16(bitPattern: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8))
                case .ulaw: sum += Int(G711.ulawDecode(bytes[offset]))
                case .alaw: sum += Int(G711.alawDecode(bytes[offset]))
                }
                offset += layout.encoding.bytesPerSample
            }
            samples.append(Int16(sum / layout.channels))
        }
        return PCMAudio(sampleRate: layout.sampleRate, samples: samples)
    }

    /// Where the audio of a WAV file is and how it is encoded.
    struct Layout: Hashable {
        var encoding: WAVEncoding
        var channels: Int
        var sampleRate: Int
        var dataOffset: Int
        /// The data bytes actually present (the declared size, cut to the file).
        var dataCount: Int
        /// The data size the header declares.
        var declaredDataCount: Int
    }

    /// Walks the RIFF chunks of a WAV file.
    static func parseLayout(_ bytes: [UInt8]) throws(WAVError) -> Layout {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw WAVError("not a RIFF/WAVE file")
        }
        var format: (encoding: WAVEncoding, channels: Int, sampleRate: Int)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = bytes[offset..<offset + 4]
            let size = Int(readUInt32(bytes, at: offset + 4))
            let body = offset + 8
            if id.elementsEqual("fmt ".utf8) {
                guard size >= 16, body + 16 <= bytes.count else { throw WAVError("truncated fmt chunk") }
                var tag = readUInt16(bytes, at: body)
                if tag == 0xFFFE, size >= 40, body + 26 <= bytes.count {
                    // WAVE_FORMAT_EXTENSIBLE: the real tag leads the SubFormat GUID.
                    tag = readUInt16(bytes, at: body + 24)
                }
                guard let encoding = WAVEncoding(rawValue: tag) else { throw WAVError("unsupported format tag \(tag)") }
                let channels = Int(readUInt16(bytes, at: body + 2))
                let rate = Int(readUInt32(bytes, at: body + 4))
                let bits = Int(readUInt16(bytes, at: body + 14))
                guard channels >= 1, rate > 0, bits == encoding.bytesPerSample * 8 else {
                    throw WAVError("unsupported layout: \(channels) channels, \(rate) Hz, \(bits) bits")
                }
                format = (encoding, channels, rate)
            } else if id.elementsEqual("data".utf8) {
                guard let format else { throw WAVError("data chunk before fmt chunk") }
                let available = bytes.count - body
                // A crashed writer leaves a zero or stale size: trust the file's length instead — unless a zero
                // size is followed by well-formed chunks to the very end (a truly empty recording with a trailer).
                let count = if size > available { available } else if size == 0 && !chunksFillToEnd(bytes, from: body) { available } else { size }
                return Layout(
                    encoding: format.encoding, channels: format.channels, sampleRate: format.sampleRate,
                    dataOffset: body, dataCount: count, declaredDataCount: size)
            }
            offset = body + size + (size & 1)
        }
        throw WAVError("no data chunk")
    }

    /// Whether `bytes` from `offset` to the end are whole RIFF chunks with printable four-character ids: a
    /// trailer (LIST, id3 …), which audio samples practically never imitate to the byte.
    static func chunksFillToEnd(_ bytes: [UInt8], from offset: Int) -> Bool {
        var offset = offset
        guard offset < bytes.count else { return false }
        while offset + 8 <= bytes.count {
            guard bytes[offset..<offset + 4].allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
            let size = Int(readUInt32(bytes, at: offset + 4))
            offset += 8 + size + (size & 1)
            if offset == bytes.count || (offset == bytes.count + 1 && size & 1 == 1) { return true }
        }
        return false
    }

    static func readUInt16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
