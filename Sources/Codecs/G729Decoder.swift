internal import CBcg729

/// G.729 decoder (bcg729): 10-byte speech frames, an optional trailing 2-byte Annex B SID frame (RFC 3551
/// §4.5.6), and bcg729's own frame-erasure concealment for losses.
final class G729Decoder: AudioDecoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g729)
        guard let state = initBcg729DecoderChannel() else { throw .library("initBcg729DecoderChannel failed") }
        self.codec = codec
        self.state = state
    }

    deinit { closeBcg729DecoderChannel(state) }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        let sidBytes = payload.count % 10
        guard !payload.isEmpty, sidBytes == 0 || sidBytes == 2 else {
            throw .malformedPayload("G.729 payload of \(payload.count) bytes is not 10·n (+2 SID)")
        }
        let bytes = Array(payload)
        var frame = [Int16](repeating: 0, count: 80)
        bytes.withUnsafeBufferPointer { input in
            var offset = 0
            while offset < input.count {
                let length = input.count - offset >= 10 ? 10 : sidBytes
                bcg729Decoder(state, input.baseAddress! + offset, UInt8(length), 0, length == 2 ? 1 : 0, 0, &frame)
                samples.append(contentsOf: frame)
                offset += length
            }
        }
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        // bcg729 conceals whole 10 ms frames; the last one is cut to the requested length.
        var frame = [Int16](repeating: 0, count: 80)
        let unused = [UInt8](repeating: 0, count: 10)
        var remaining = count
        while remaining > 0 {
            bcg729Decoder(state, unused, 0, 1, 0, 0, &frame)
            samples.append(contentsOf: frame.prefix(remaining))
            remaining -= 80
        }
    }
}
