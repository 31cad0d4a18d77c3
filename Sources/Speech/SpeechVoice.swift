/// The flite voices Herald ships with (Debian `flite1-dev`, both BSD-style licensed).
public enum SpeechVoice: String, Sendable, Hashable, CaseIterable {
    /// CMU "slt": a female US English clustergen voice at 16 kHz. Natural-sounding, about 60× real time; the
    /// default for everything a caller hears.
    case slt
    /// CMU "kal": a male US English diphone voice at 8 kHz. Robotic but about ten times faster than slt; good
    /// for tests and for long dynamic text on a busy server.
    case kal

    /// The rate flite produces for this voice, in Hz.
    public var nativeSampleRate: Int {
        switch self {
        case .slt: 16_000
        case .kal: 8_000
        }
    }
}
