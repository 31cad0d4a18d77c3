/// Mono 16-bit linear audio at a known sample rate: what prompts are made of and what decoders produce.
public struct PCMAudio: Sendable, Hashable {
    /// Samples per second.
    public var sampleRate: Int
    /// The samples, mono.
    public var samples: [Int16]

    /// Creates audio.
    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The playing time.
    public var duration: Duration {
        sampleRate > 0 ? .microseconds(Int64(samples.count) * 1_000_000 / Int64(sampleRate)) : .zero
    }
}
