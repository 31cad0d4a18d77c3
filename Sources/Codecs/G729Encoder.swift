internal import CBcg729

/// G.729 encoder (bcg729, Annex B VAD off): 80 samples → 10 bytes per 10 ms frame.
final class G729Encoder: AudioEncoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g729)
        // enableVAD 0: Annex B off, so every frame is a 10-byte speech frame and the stream stays continuous.
        guard let state = initBcg729EncoderChannel(0) else { throw .library("initBcg729EncoderChannel failed") }
        self.codec = codec
        self.state = state
    }

    deinit { closeBcg729EncoderChannel(state) }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        try CodecFactory.checkWholeFrames(samples, codec)
        var frame = [UInt8](repeating: 0, count: 10)
        var length: UInt8 = 0
        samples.withUnsafeBufferPointer { input in
            for offset in stride(from: 0, to: input.count, by: 80) {
                bcg729Encoder(state, input.baseAddress! + offset, &frame, &length)
                payload.append(contentsOf: frame[0..<Int(length)])
            }
        }
    }
}
