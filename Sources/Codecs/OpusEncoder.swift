internal import COpus

/// Opus encoder (libopus): 48 kHz mono, VoIP application, 32 kbit/s, in-band FEC on; 960 samples per 20 ms frame.
final class OpusEncoder: AudioEncoder {
    let codec: AudioCodec
    private let state: OpaquePointer

    /// Largest payload one frame may produce; RFC 6716 allows 1275 bytes per frame.
    private static let maxFrameBytes = 1275

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .opus)
        var error: Int32 = 0
        guard let state = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
            throw .library("opus_encoder_create: \(String(cString: opus_strerror(error)))")
        }
        self.codec = codec
        self.state = state
        // In-band FEC only kicks in when the encoder expects loss; 10 % is a common VoIP planning figure.
        _ = herald_opus_set_inband_fec(state, 1)
        _ = herald_opus_set_packet_loss_perc(state, 10)
        _ = herald_opus_set_signal_voice(state)
        // 32 kbit/s sits in RFC 7587 §3.1.1's 28–40 kbit/s band for fullband speech: voicemail is kept for
        // weeks and replayed on the web, so spend a little more than the 16–20 kbit/s wideband minimum.
        _ = herald_opus_set_bitrate(state, 32000)
    }

    deinit { opus_encoder_destroy(state) }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        try CodecFactory.checkWholeFrames(samples, codec)
        // Several 20 ms frames in one RTP packet would need RFC 6716 code-3 framing; Opus over RTP carries one
        // Opus packet per RTP packet (RFC 7587 §4.2), so each call encodes one packet of up to 120 ms.
        guard samples.count <= 5760 else { throw .unsupported("Opus packets are at most 120 ms, got \(samples.count) samples") }
        let start = payload.count
        payload.append(contentsOf: repeatElement(0, count: Self.maxFrameBytes))
        let written = payload.withUnsafeMutableBufferPointer { out in
            samples.withUnsafeBufferPointer { input in
                opus_encode(state, input.baseAddress!, Int32(input.count), out.baseAddress! + start, Int32(Self.maxFrameBytes))
            }
        }
        guard written > 0 else {
            payload.removeSubrange(start...)
            throw .library("opus_encode: \(String(cString: opus_strerror(written)))")
        }
        payload.removeLast(Self.maxFrameBytes - Int(written))
    }
}
