/// G.711 µ-law or A-law encoder: one byte per sample, no state.
final class G711Encoder: AudioEncoder {
    let codec: AudioCodec
    private let isALaw: Bool

    init(codec: AudioCodec) throws(CodecError) {
        isALaw = codec.kind == .pcma
        try CodecFactory.check(codec, is: isALaw ? AudioCodec.pcma : AudioCodec.pcmu)
        self.codec = codec
    }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        // G.711 has no frame structure; accept any length so that odd packet times work.
        guard !samples.isEmpty else { throw .unsupported("empty G.711 frame") }
        payload.reserveCapacity(payload.count + samples.count)
        if isALaw {
            for sample in samples { payload.append(G711.alawEncode(sample)) }
        } else {
            for sample in samples { payload.append(G711.ulawEncode(sample)) }
        }
    }
}
