/// Everything that can go wrong in the Speech target: synthesis, prompt catalogues, the prompt cache.
public enum SpeechError: Error, Sendable, Hashable, CustomStringConvertible {
    /// flite could not register the voice or produced no wave.
    case synthesis(String)
    /// A sample rate or conversion the target does not support.
    case unsupportedRate(Int)
    /// A catalogue is missing a phrase, or a phrase was rendered without all of its placeholders.
    case catalog(String)
    /// A WAV file could not be parsed (what was wrong, and where).
    case invalidWAV(String)
    /// Reading or writing a prompt file failed.
    case file(path: String, reason: String)

    /// A one-line explanation for logs.
    public var description: String {
        switch self {
        case .synthesis(let reason): "speech synthesis failed: \(reason)"
        case .unsupportedRate(let rate): "unsupported sample rate \(rate) Hz"
        case .catalog(let reason): "prompt catalogue: \(reason)"
        case .invalidWAV(let reason): "invalid WAV: \(reason)"
        case .file(let path, let reason): "\(path): \(reason)"
        }
    }
}
