/// Makes the encoder or decoder for a negotiated codec.
public enum CodecFactory {
    /// Returns a fresh encoder for `codec`; throws `.unsupported` for an impossible description, `.library` when
    /// the C library cannot allocate its state.
    public static func makeEncoder(for codec: AudioCodec) throws(CodecError) -> any AudioEncoder {
        switch codec.kind {
        case .pcmu, .pcma: return try G711Encoder(codec: codec)
        case .g722: return try G722Encoder(codec: codec)
        case .g729: return try G729Encoder(codec: codec)
        case .gsm: return try GSMEncoder(codec: codec)
        case .g723: return try G7231Encoder(codec: codec)
        case .opus: return try OpusEncoder(codec: codec)
        case .l16: return L16Encoder(codec: codec)
        }
    }

    /// Returns a fresh decoder for `codec`; throws as `makeEncoder(for:)` does.
    public static func makeDecoder(for codec: AudioCodec) throws(CodecError) -> any AudioDecoder {
        switch codec.kind {
        case .pcmu, .pcma: return try G711Decoder(codec: codec)
        case .g722: return try G722Decoder(codec: codec)
        case .g729: return try G729Decoder(codec: codec)
        case .gsm: return try GSMDecoder(codec: codec)
        case .g723: return try G7231Decoder(codec: codec)
        case .opus: return try OpusDecoder(codec: codec)
        case .l16: return try L16Decoder(codec: codec)
        }
    }

    /// Throws unless `samples` holds a whole, non-zero number of `codec`'s frames.
    static func checkWholeFrames(_ samples: ArraySlice<Int16>, _ codec: AudioCodec) throws(CodecError) {
        let frame = codec.samplesPerFrame
        guard !samples.isEmpty, samples.count % frame == 0 else {
            throw .unsupported("\(codec.kind.rawValue) encodes whole \(frame)-sample frames, got \(samples.count) samples")
        }
    }

    /// Throws unless `codec` has the exact rates and frame length this implementation was written for.
    static func check(_ codec: AudioCodec, is expected: AudioCodec) throws(CodecError) {
        guard codec == expected else { throw .unsupported("\(codec) (expected \(expected))") }
    }
}
