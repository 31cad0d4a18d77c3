/// L16 decoder: big-endian 16-bit PCM (RFC 3551 §4.5.11), with G.711 Appendix I-style PLC for losses.
final class L16Decoder: AudioDecoder {
    let codec: AudioCodec
    private var concealer: PacketLossConcealer

    init(codec: AudioCodec) throws(CodecError) {
        self.codec = codec
        concealer = PacketLossConcealer(sampleRate: codec.sampleRate)
    }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard !payload.isEmpty, payload.count % 2 == 0 else {
            throw .malformedPayload("L16 payload of \(payload.count) bytes is not a whole number of samples")
        }
        let start = samples.count
        samples.reserveCapacity(start + payload.count / 2)
        var index = payload.startIndex
        while index < payload.endIndex {
            samples.append(Int16(bitPattern: UInt16(payload[index]) << 8 | UInt16(payload[index + 1])))
            index += 2
        }
        concealer.received(&samples, from: start)
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        concealer.conceal(sampleCount: count, into: &samples)
    }
}
