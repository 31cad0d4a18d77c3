/// One segment of what `play` sends to the caller.
public enum Prompt: Sendable, Hashable {
    /// A WAV file (PCM16, µ-law or A-law, any rate and channel count; converted as needed).
    case file(String)
    /// Audio already in memory, such as synthesized speech.
    case audio(PCMAudio)
    /// Silence.
    case silence(milliseconds: Int)
    /// A tone: the sum of the frequencies, each at the level in dBm0.
    case tone(frequencies: [Double], milliseconds: Int, levelDBm0: Double)

    /// The beep before a recording: 1 kHz for a quarter of a second at −10 dBm0, the
    /// convention of voicemail systems (short enough not to annoy, clearly audible).
    public static let beep = Prompt.tone(frequencies: [1000], milliseconds: 250, levelDBm0: -10)
}
