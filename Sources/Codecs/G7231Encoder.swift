internal import CAVCodec

/// G.723.1 encoder at 6.3 kbit/s (libavcodec `g723_1`): 240 samples → 24 bytes per 30 ms frame.
final class G7231Encoder: AudioEncoder {
    let codec: AudioCodec
    private var context: UnsafeMutablePointer<AVCodecContext>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?

    init(codec: AudioCodec) throws(CodecError) {
        try CodecFactory.check(codec, is: .g723)
        self.codec = codec
        guard let encoder = avcodec_find_encoder(AV_CODEC_ID_G723_1) else {
            throw .unsupported("this libavcodec has no G.723.1 encoder")
        }
        context = avcodec_alloc_context3(encoder)
        frame = av_frame_alloc()
        packet = av_packet_alloc()
        guard let context, let frame, packet != nil else { throw .library("libavcodec allocation failed") }
        context.pointee.sample_rate = 8000
        context.pointee.sample_fmt = AV_SAMPLE_FMT_S16
        context.pointee.bit_rate = 6300    // the only rate FFmpeg's encoder implements
        av_channel_layout_default(&context.pointee.ch_layout, 1)
        guard avcodec_open2(context, encoder, nil) == 0 else { throw .library("avcodec_open2(g723_1 encoder) failed") }
        frame.pointee.nb_samples = 240
        frame.pointee.format = AV_SAMPLE_FMT_S16.rawValue
        frame.pointee.sample_rate = 8000
        av_channel_layout_default(&frame.pointee.ch_layout, 1)
        guard av_frame_get_buffer(frame, 0) == 0 else { throw .library("av_frame_get_buffer failed") }
    }

    deinit {
        avcodec_free_context(&context)
        av_frame_free(&frame)
        av_packet_free(&packet)
    }

    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError) {
        try CodecFactory.checkWholeFrames(samples, codec)
        guard let context, let frame, let packet else { throw .library("G.723.1 encoder not initialised") }
        for offset in stride(from: samples.startIndex, to: samples.endIndex, by: 240) {
            guard av_frame_make_writable(frame) == 0, let data = frame.pointee.data.0 else {
                throw .library("av_frame_make_writable failed")
            }
            data.withMemoryRebound(to: Int16.self, capacity: 240) { out in
                for index in 0..<240 { out[index] = samples[offset + index] }
            }
            guard avcodec_send_frame(context, frame) == 0 else { throw .library("avcodec_send_frame failed") }
            while true {
                let status = avcodec_receive_packet(context, packet)
                if status == herald_averror_eagain() || status == herald_averror_eof() { break }
                guard status == 0 else { throw .library("avcodec_receive_packet returned \(status)") }
                payload.append(contentsOf: UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
                av_packet_unref(packet)
            }
        }
    }
}
