/// Decodes RTP payloads to PCM16 mono. Not thread-safe: one per stream.
public protocol AudioDecoder: AnyObject {
    /// The codec this decoder consumes.
    var codec: AudioCodec { get }
    /// Decodes one RTP payload (may hold several frames) and appends the samples at codec.sampleRate.
    func decode(_ payload: ArraySlice<UInt8>, into samples: inout [Int16]) throws(CodecError)
    /// Appends `count` samples of concealment for lost packets: the codec's own PLC where the library has one
    /// (Opus, G.729), G.711 Appendix I-style pitch repetition that fades to silence by 60 ms otherwise.
    func concealLoss(sampleCount count: Int, into samples: inout [Int16])
}

/// A decoder that can rebuild a lost frame from the packet after it, which carries a low-bitrate copy of it
/// (Opus in-band FEC, RFC 6716 §2.1.7).
public protocol ForwardErrorCorrectingDecoder: AudioDecoder {
    /// Appends `count` samples standing for lost audio that ends where `next` begins: its last frame is rebuilt
    /// from the copy in `next` (concealed as usual when `next` carries none), anything earlier is concealed.
    func recoverLoss(sampleCount count: Int, from next: ArraySlice<UInt8>, into samples: inout [Int16])
}

