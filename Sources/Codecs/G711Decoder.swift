/// G.711 µ-law or A-law decoder with G.711 Appendix I-style packet-loss concealment.
final class G711Decoder: AudioDecoder {
    let codec: AudioCodec
    private let isALaw: Bool
    private var concealer: PacketLossConcealer

    init(codec: AudioCodec) throws(CodecError) {
        isALaw = codec.kind == .pcma
        try CodecFactory.check(codec, is: isALaw ? AudioCodec.pcma : AudioCodec.pcmu)
        self.codec = codec
        concealer = PacketLossConcealer(sampleRate: codec.sampleRate)
    }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard !payload.isEmpty else { throw .malformedPayload("empty G.711 payload") }
        let start = samples.count
        samples.reserveCapacity(start + payload.count)
        if isALaw {
            for byte in payload { samples.append(G711.alawDecode(byte)) }
        } else {
            for byte in payload { samples.append(G711.ulawDecode(byte)) }
        }
        concealer.received(&samples, from: start)
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        concealer.conceal(sampleCount: count, into: &samples)
    }
}
