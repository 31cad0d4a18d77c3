internal import CAVCodec

/// G.723.1 decoder (libavcodec `g723_1`), 6.3 and 5.3 kbit/s, with G.711 Appendix I-style PLC for losses.
///
/// An RTP payload may hold several frames of either rate (RFC 3551 §4.5.3): each frame's length follows from
/// the two low bits of its first byte (G.723.1 §5.5): 0 → 24 bytes (6.3k), 1 → 20 bytes (5.3k), 2 → 4-byte SID,
/// 3 → 1-byte untransmitted frame.
final class G7231Decoder: AudioDecoder {
    let codec: AudioCodec
    private var context: UnsafeMutablePointer<AVCodecContext>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var concealer: PacketLossConcealer

    /// Frame length in bytes by the frame-type bits.
    private static let frameLength = [24, 20, 4, 1]

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g723)
        self.codec = codec
        concealer = PacketLossConcealer(sampleRate: codec.sampleRate)
        guard let decoder = avcodec_find_decoder(AV_CODEC_ID_G723_1) else {
            throw .unsupported("this libavcodec has no G.723.1 decoder")
        }
        context = avcodec_alloc_context3(decoder)
        frame = av_frame_alloc()
        packet = av_packet_alloc()
        guard let context, frame != nil, packet != nil else { throw .library("libavcodec allocation failed") }
        context.pointee.sample_rate = 8000
        av_channel_layout_default(&context.pointee.ch_layout, 1)
        guard avcodec_open2(context, decoder, nil) == 0 else { throw .library("avcodec_open2(g723_1 decoder) failed") }
        // FFmpeg's decoder produces planar S16; for mono, plane 0 is the whole signal either way.
        let format = context.pointee.sample_fmt
        guard format == AV_SAMPLE_FMT_S16P || format == AV_SAMPLE_FMT_S16 else {
            throw .library("g723_1 decoder produces sample format \(format.rawValue), not S16")
        }
    }

    deinit {
        avcodec_free_context(&context)
        av_frame_free(&frame)
        av_packet_free(&packet)
    }

    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError) {
        guard let context, let frame, let packet else { throw .library("G.723.1 decoder not initialised") }
        guard !payload.isEmpty else { throw .malformedPayload("empty G.723.1 payload") }
        let start = samples.count
        var offset = payload.startIndex
        while offset < payload.endIndex {
            let length = Self.frameLength[Int(payload[offset] & 0x3)]
            guard payload.endIndex - offset >= length else {
                samples.removeSubrange(start...)
                throw .malformedPayload("G.723.1 frame at byte \(offset - payload.startIndex) needs \(length) bytes")
            }
            guard av_new_packet(packet, Int32(length)) == 0, let data = packet.pointee.data else {
                samples.removeSubrange(start...)
                throw .library("av_new_packet failed")
            }
            for index in 0..<length { data[index] = payload[offset + index] }
            let sent = avcodec_send_packet(context, packet)
            av_packet_unref(packet)
            guard sent == 0 else {
                samples.removeSubrange(start...)
                throw .malformedPayload("libavcodec rejected G.723.1 frame at byte \(offset - payload.startIndex) (\(sent))")
            }
            while avcodec_receive_frame(context, frame) == 0 {
                let count = Int(frame.pointee.nb_samples)
                if let pcm = frame.pointee.data.0, count > 0 {
                    pcm.withMemoryRebound(to: Int16.self, capacity: count) { samples.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
                }
                av_frame_unref(frame)
            }
            offset += length
        }
        concealer.received(&samples, from: start)
    }

    func concealLoss(sampleCount count: Int, into samples: inout [Int16]) {
        concealer.conceal(sampleCount: count, into: &samples)
    }
}
