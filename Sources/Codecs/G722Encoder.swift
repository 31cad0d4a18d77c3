internal import CSpanDSP

/// G.722 encoder at 64 kbit/s (spandsp): 16 kHz PCM in, one byte per two samples out.
final class G722Encoder: AudioEncoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g722)
        // Options 0: 16 kHz input, unpacked 8-bit codewords, as RFC 3551 §4.5.2 carries them.
        guard let state = g722_encode_init(nil, 64000, 0) else { throw .library("g722_encode_init failed") }
        self.codec = codec
        self.state = state
    }

    deinit { g722_encode_free(state) }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        try CodecFactory.checkWholeFrames(samples, codec)
        let start = payload.count
        payload.append(contentsOf: repeatElement(0, count: samples.count / 2))
        let written = payload.withUnsafeMutableBufferPointer { out in
            samples.withUnsafeBufferPointer { input in
                g722_encode(state, out.baseAddress! + start, input.baseAddress!, Int32(input.count))
            }
        }
        payload.removeLast(payload.count - start - Int(written))
    }
}
