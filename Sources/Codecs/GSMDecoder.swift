internal import CGSM

/// GSM 06.10 full-rate decoder (libgsm), with G.711 Appendix I-style PLC for losses.
final class GSMDecoder: AudioDecoder {
    let codec: AudioCodec
    private let state: OpaquePointer
    private var concealer: PacketLossConcealer

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .gsm)
        guard let state = gsm_create() else { throw .library("gsm_create failed") }
        self.codec = codec
        self.state = state
        concealer = PacketLossConcealer(sampleRate: codec.sampleRate)
    }

    deinit { gsm_destroy(state) }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard !payload.isEmpty, payload.count % 33 == 0 else {
            throw .malformedPayload("GSM payload of \(payload.count) bytes is not a multiple of 33")
        }
        let start = samples.count
        var frame = [UInt8](repeating: 0, count: 33)
        var output = [Int16](repeating: 0, count: 160)
        for offset in stride(from: payload.startIndex, to: payload.endIndex, by: 33) {
            frame.replaceSubrange(0..<33, with: payload[offset..<offset + 33])
            // libgsm rejects frames without the 0xD signature nibble (RFC 3551 §4.5.8.1).
            guard gsm_decode(state, &frame, &output) == 0 else {
                samples.removeSubrange(start...)
                throw .malformedPayload("GSM frame at byte \(offset - payload.startIndex) lacks the 0xD signature")
            }
            samples.append(contentsOf: output)
        }
        concealer.received(&samples, from: start)
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        concealer.conceal(sampleCount: count, into: &samples)
    }
}
