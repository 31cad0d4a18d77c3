internal import COpus

/// Opus decoder (libopus), 48 kHz mono; a lost frame is rebuilt from the next packet's in-band FEC when that
/// packet is at hand, and concealed by Opus's own PLC otherwise.
final class OpusDecoder: ForwardErrorCorrectingDecoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    /// 120 ms at 48 kHz, the longest Opus packet (RFC 6716 §3.2.1).
    private static let maxPacketSamples = 5760
    /// Opus PLC works in multiples of 2.5 ms.
    private static let concealmentQuantum = 120

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .opus)
        var error: Int32 = 0
        guard let state = opus_decoder_create(48000, 1, &error), error == OPUS_OK else {
            throw .library("opus_decoder_create: \(String(cString: opus_strerror(error)))")
        }
        self.codec = codec
        self.state = state
    }

    deinit { opus_decoder_destroy(state) }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard !payload.isEmpty else { throw .malformedPayload("empty Opus payload") }
        let start = samples.count
        samples.append(contentsOf: repeatElement(0, count: Self.maxPacketSamples))
        let decoded = samples.withUnsafeMutableBufferPointer { out in
            payload.withUnsafeBufferPointer { input in
                opus_decode(state, input.baseAddress!, Int32(input.count), out.baseAddress! + start, Int32(Self.maxPacketSamples), 0)
            }
        }
        guard decoded >= 0 else {
            samples.removeSubrange(start...)
            throw .malformedPayload("opus_decode: \(String(cString: opus_strerror(decoded)))")
        }
        samples.removeLast(Self.maxPacketSamples - Int(decoded))
    }

    func recoverLoss(sampleCount count: Int, from next: ArraySlice<UInt8>, into samples: inout [Int16]) {
        let frame = next.withUnsafeBufferPointer { input in
            input.isEmpty ? 0 : Int(opus_packet_get_nb_samples(input.baseAddress!, Int32(input.count), 48000))
        }
        // FEC rebuilds the one frame before `next`, in whole 2.5 ms quanta; what is older than that is concealed.
        let recoverable = min(count, max(0, frame)) / Self.concealmentQuantum * Self.concealmentQuantum
        guard recoverable > 0 else { return concealLoss(sampleCount: count, into: &samples) }
        concealLoss(sampleCount: count - recoverable, into: &samples)
        let start = samples.count
        samples.append(contentsOf: repeatElement(0, count: recoverable))
        let decoded = samples.withUnsafeMutableBufferPointer { out in
            next.withUnsafeBufferPointer { input in
                opus_decode(state, input.baseAddress!, Int32(input.count), out.baseAddress! + start, Int32(recoverable), 1)
            }
        }
        if decoded != Int32(recoverable) {
            samples.removeSubrange(start...)
            concealLoss(sampleCount: recoverable, into: &samples)
        }
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        var remaining = count
        var chunk = [Int16](repeating: 0, count: 960)
        while remaining > 0 {
            // Ask for whole 2.5 ms quanta, at most one 20 ms frame at a time, and keep only what was asked for.
            let quanta = min(960, (remaining + Self.concealmentQuantum - 1) / Self.concealmentQuantum * Self.concealmentQuantum)
            let produced = opus_decode(state, nil, 0, &chunk, Int32(quanta), 0)
            let usable = min(remaining, max(0, Int(produced)))
            if usable == 0 {
                samples.append(contentsOf: repeatElement(0, count: remaining))   // a library error: fall back to silence
                return
            }
            samples.append(contentsOf: chunk.prefix(usable))
            remaining -= usable
        }
    }
}
