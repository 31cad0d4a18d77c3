#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Energy-based voice activity detection with hangover, for silence timeouts and trimming recordings.
///
/// A frame is voice when its RMS level reaches `thresholdDBov`; after the last voiced frame the decision stays
/// "voice" for `hangoverMs`, so the short pauses between words do not end a recording. Deliberately simple:
/// on telephone lines the noise floor is usually far below −45 dBov and speech near −20 dBov.
public struct VoiceActivityDetector: Sendable {
    /// The level at or above which a frame counts as voice, in dBov.
    public var thresholdDBov: Double
    /// How long after the last voiced frame the detector keeps reporting voice.
    public let hangoverSamples: Int
    /// The RMS level of the last frame in dBov (0 dBov = full-scale square wave), floored at `floorDBov`.
    public private(set) var lastLevelDBov: Double = VoiceActivityDetector.floorDBov
    private var hangoverLeft = 0

    /// The level reported for digital silence (below one LSB of 16-bit PCM).
    public static let floorDBov = -100.0

    /// Creates a detector for frames at `sampleRate`.
    public init(sampleRate: Int, thresholdDBov: Double = -45, hangoverMs: Int = 300) {
        self.thresholdDBov = thresholdDBov
        hangoverSamples = max(0, hangoverMs * sampleRate / 1000)
    }

    /// Measures `frame` and returns true while voice is present (including the hangover).
    public mutating func process(_ frame: ArraySlice<Int16>) -> Bool {
        lastLevelDBov = Self.level(frame)
        if lastLevelDBov >= thresholdDBov {
            hangoverLeft = hangoverSamples
            return true
        }
        guard hangoverLeft > 0 else { return false }
        hangoverLeft = max(0, hangoverLeft - frame.count)
        return true
    }

    /// RMS level of `frame` in dBov, floored at `floorDBov`.
    public static func level(_ frame: ArraySlice<Int16>) -> Double {
        guard !frame.isEmpty else { return floorDBov }
        var energy = 0.0
        for sample in frame { energy += Double(sample) * Double(sample) }
        let meanSquare = energy / Double(frame.count)
        guard meanSquare > 0 else { return floorDBov }
        return max(floorDBov, 10 * log10(meanSquare / (32767.0 * 32767.0)))
    }
}
