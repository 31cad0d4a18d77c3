internal import CGSM

/// GSM 06.10 full-rate encoder (libgsm): 160 samples → 33 bytes per 20 ms frame (RFC 3551 §4.5.8).
final class GSMEncoder: AudioEncoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .gsm)
        guard let state = gsm_create() else { throw .library("gsm_create failed") }
        self.codec = codec
        self.state = state
    }

    deinit { gsm_destroy(state) }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        try CodecFactory.checkWholeFrames(samples, codec)
        // gsm_encode takes a non-const pointer but does not write the input; copy a frame to stay honest.
        var input = [Int16](repeating: 0, count: 160)
        var frame = [UInt8](repeating: 0, count: 33)
        for offset in stride(from: samples.startIndex, to: samples.endIndex, by: 160) {
            input.replaceSubrange(0..<160, with: samples[offset..<offset + 160])
            gsm_encode(state, &input, &frame)
            payload.append(contentsOf: frame)
        }
    }
}
