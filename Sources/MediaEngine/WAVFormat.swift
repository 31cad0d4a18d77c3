/// The sample encodings of the WAV files Herald reads and writes (the RIFF `fmt ` format tags).
public enum WAVEncoding: UInt16, Sendable, Hashable {
    /// 16-bit linear PCM, little-endian (WAVE_FORMAT_PCM).
    case pcm16 = 1
    /// G.711 A-law (WAVE_FORMAT_ALAW).
    case alaw = 6
    /// G.711 µ-law (WAVE_FORMAT_MULAW).
    case ulaw = 7

    /// Bytes per sample per channel.
    var bytesPerSample: Int { self == .pcm16 ? 2 : 1 }
}

/// Why a WAV file could not be read.
public struct WAVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the file.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
