internal import CSpanDSP

/// G.722 decoder at 64 kbit/s (spandsp): two 16 kHz samples per byte, G.711 Appendix I-style PLC for losses.
final class G722Decoder: AudioDecoder {
    let codec: AudioCodec
    private let state: OpaquePointer
    private var concealer: PacketLossConcealer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g722)
        guard let state = g722_decode_init(nil, 64000, 0) else { throw .library("g722_decode_init failed") }
        self.codec = codec
        self.state = state
        concealer = PacketLossConcealer(sampleRate: codec.sampleRate)
    }

    deinit { g722_decode_free(state) }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard !payload.isEmpty else { throw .malformedPayload("empty G.722 payload") }
        let start = samples.count
        samples.append(contentsOf: repeatElement(0, count: payload.count * 2))
        let written = samples.withUnsafeMutableBufferPointer { out in
            payload.withUnsafeBufferPointer { input in
                g722_decode(state, out.baseAddress! + start, input.baseAddress!, Int32(input.count))
            }
        }
        samples.removeLast(samples.count - start - Int(written))
        concealer.received(&samples, from: start)
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        concealer.conceal(sampleCount: count, into: &samples)
    }
}
