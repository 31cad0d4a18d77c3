#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Energy-based voice activity detection with an adaptive noise floor and hangover, for silence timeouts and
/// trimming recordings.
///
/// A frame is voice when its RMS level reaches `thresholdDBov` and stands `marginDB` above the line's noise floor;
/// after the last voiced frame the decision stays "voice" for `hangoverMs`, so the short pauses between words do not
/// end a recording. The noise floor follows the quietest frames at once and rises slowly (10 dB a second) when the
/// line gets louder and stays so: speech keeps dipping between syllables, so it never lifts the floor far, while
/// the steady hiss or hum of a noisy gateway becomes the floor within seconds — without it, a line noisier than
/// −45 dBov would be "voice" for ever and a recording would run to its maximum length.
public struct VoiceActivityDetector: Sendable {
    /// The level at or above which a frame may count as voice, in dBov, however quiet the line.
    public var thresholdDBov: Double
    /// How far above the noise floor a frame must be to count as voice, in dB.
    public var marginDB: Double
    /// How long after the last voiced frame the detector keeps reporting voice.
    public let hangoverSamples: Int
    /// The RMS level of the last frame in dBov (0 dBov = full-scale square wave), floored at `floorDBov`.
    public private(set) var lastLevelDBov: Double = VoiceActivityDetector.floorDBov
    /// The estimated level of the line's background noise, in dBov; never below `thresholdDBov − marginDB`, where
    /// the fixed threshold decides anyway.
    public private(set) var noiseFloorDBov: Double
    private var hangoverLeft = 0
    private let riseDBPerSample: Double

    /// The level reported for digital silence (below one LSB of 16-bit PCM).
    public static let floorDBov = -100.0

    /// Creates a detector for frames at `sampleRate`.
    public init(sampleRate: Int, thresholdDBov: Double = -45, marginDB: Double = 9, hangoverMs: Int = 300) {
        self.thresholdDBov = thresholdDBov
        self.marginDB = marginDB
        noiseFloorDBov = thresholdDBov - marginDB
        hangoverSamples = max(0, hangoverMs * sampleRate / 1000)
        riseDBPerSample = 10 / Double(max(sampleRate, 1))
    }

    /// Measures `frame` and returns true while voice is present (including the hangover).
    public mutating func process(_ frame: ArraySlice<Int16>) -> Bool {
        let level = Self.level(frame)
        lastLevelDBov = level
        let voiced = level >= thresholdDBov && level >= noiseFloorDBov + marginDB
        let lowest = thresholdDBov - marginDB
        if level <= noiseFloorDBov {
            noiseFloorDBov = max(lowest, level)
        } else {
            noiseFloorDBov = min(level, noiseFloorDBov + riseDBPerSample * Double(frame.count))
        }
        if voiced {
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
