/// Encodes PCM16 mono frames to RTP payload bytes. Not thread-safe: one per stream.
public protocol AudioEncoder: AnyObject {
    /// The codec this encoder produces.
    var codec: AudioCodec { get }
    /// Encodes `samples` (a whole number of codec frames at codec.sampleRate; for packet times > frame, several
    /// frames concatenated) and appends the payload to `payload`.
    func encode(_ samples: ArraySlice<Int16>, into payload: inout [UInt8]) throws(CodecError)
}
