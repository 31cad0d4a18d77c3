/// L16 encoder: 16-bit linear PCM in network byte order (RFC 3551 §4.5.11), mono.
final class L16Encoder: AudioEncoder {
    let codec: AudioCodec

    init(codec: AudioCodec) { self.codec = codec }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        guard !samples.isEmpty else { throw .unsupported("empty L16 frame") }
        payload.reserveCapacity(payload.count + samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            payload.append(UInt8(bits >> 8))
            payload.append(UInt8(bits & 0xFF))
        }
    }
}
