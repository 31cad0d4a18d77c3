import Codecs
import Foundation

extension WAVFile {
    /// Encodes mono audio as a WAV file (16-bit PCM or G.711 at 8 kHz).
    public static func encode(_ audio: PCMAudio, encoding: WAVEncoding = .pcm16) -> [UInt8] {
        let header = WAVHeader(encoding: encoding, sampleRate: audio.sampleRate)
        var bytes = header.bytes(dataBytes: audio.samples.count * encoding.bytesPerSample)
        bytes.reserveCapacity(bytes.count + audio.samples.count * encoding.bytesPerSample)
        for sample in audio.samples {
            switch encoding {
            case .pcm16:
                let bits = UInt16(bitPattern: sample)
                bytes.append(UInt8(bits & 0xFF))
                bytes.append(UInt8(bits >> 8))
            case .ulaw: bytes.append(G711.ulawEncode(sample))
            case .alaw: bytes.append(G711.alawEncode(sample))
            }
        }
        return bytes
    }

    /// Writes mono audio to a WAV file, replacing it.
    public static func write(_ audio: PCMAudio, encoding: WAVEncoding = .pcm16, to path: String) throws(WAVError) {
        do {
            try Data(encode(audio, encoding: encoding)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WAVError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
