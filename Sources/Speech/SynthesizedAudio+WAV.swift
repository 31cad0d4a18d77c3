extension SynthesizedAudio {
    /// The audio as a WAV file: PCM16 mono at `sampleRate`.
    public func wavBytes() -> [UInt8] {
        WAVCodec.encode(self)
    }

    /// Audio from a WAV file: PCM16, µ-law or A-law, any rate; several channels are mixed to mono. Throws
    /// `.invalidWAV` saying what is wrong.
    public init(wavBytes: [UInt8]) throws(SpeechError) {
        self = try WAVCodec.decode(wavBytes).audio
    }
}
