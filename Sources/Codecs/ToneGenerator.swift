#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tone generation for prompts and tests: sums of sines at a level in dBm0 or dBov, DTMF digits, beeps.
///
/// Levels are per frequency component. 0 dBm0 is the digital milliwatt: following spandsp (and G.711, where a
/// full-scale sine is +3.14 dBm0), a sine at L dBm0 has peak amplitude 32767 · 10^((L − 3.14)/20). dBov is
/// RMS relative to a full-scale square wave (RFC 6464), so a full-scale sine is −3.01 dBov. Sums that exceed
/// full scale are clipped.
public struct ToneGenerator {
    /// Level of a full-scale sine in dBm0 (spandsp's `DBM0_MAX_SINE_POWER`, from G.711's coding law).
    public static let fullScaleSineDBm0 = 3.14

    /// DTMF row (low-group) and column (high-group) frequencies in Hz, ITU-T Q.23.
    public static let dtmfLowGroup: [Double] = [697, 770, 852, 941]
    /// High-group DTMF frequencies in Hz, ITU-T Q.23.
    public static let dtmfHighGroup: [Double] = [1209, 1336, 1477, 1633]
    /// The keypad, row by row, as Q.23 lays it out.
    public static let dtmfKeypad: [[Character]] = [["1", "2", "3", "A"], ["4", "5", "6", "B"], ["7", "8", "9", "C"], ["*", "0", "#", "D"]]

    /// The (low, high) frequency pair of a DTMF digit, or nil for a character that is not one (a–d accepted).
    public static func dtmfFrequencies(_ digit: Character) -> (low: Double, high: Double)? {
        let key = Character(digit.uppercased())
        for (row, keys) in dtmfKeypad.enumerated() {
            if let column = keys.firstIndex(of: key) { return (dtmfLowGroup[row], dtmfHighGroup[column]) }
        }
        return nil
    }

    /// A DTMF digit: both Q.23 frequencies at `levelDBm0` each, no twist. A character that is not a DTMF digit
    /// yields silence of the same length.
    public static func dtmf(_ digit: Character, durationMs: Int, sampleRate: Int, levelDBm0: Double = -10) -> [Int16] {
        guard let pair = dtmfFrequencies(digit) else { return silence(durationMs: durationMs, sampleRate: sampleRate) }
        return sine(frequencies: [pair.low, pair.high], durationMs: durationMs, sampleRate: sampleRate, levelDBm0: levelDBm0)
    }

    /// The sum of sines at `frequencies`, each at `levelDBm0`, starting at phase 0.
    public static func sine(frequencies: [Double], durationMs: Int, sampleRate: Int, levelDBm0: Double) -> [Int16] {
        sine(frequencies: frequencies, durationMs: durationMs, sampleRate: sampleRate,
             amplitude: peakAmplitude(dBm0: levelDBm0))
    }

    /// The sum of sines at `frequencies`, each at an RMS level of `levelDBov`.
    public static func sine(frequencies: [Double], durationMs: Int, sampleRate: Int, levelDBov: Double) -> [Int16] {
        sine(frequencies: frequencies, durationMs: durationMs, sampleRate: sampleRate,
             amplitude: peakAmplitude(dBov: levelDBov))
    }

    /// `durationMs` of digital silence.
    public static func silence(durationMs: Int, sampleRate: Int) -> [Int16] {
        [Int16](repeating: 0, count: max(0, durationMs * sampleRate / 1000))
    }

    /// The recording beep: a sine with 5 ms raised-cosine ramps at both ends so that it starts and stops without
    /// a click.
    public static func beep(durationMs: Int = 400, sampleRate: Int, frequency: Double = 1000, levelDBm0: Double = -12) -> [Int16] {
        var tone = sine(frequencies: [frequency], durationMs: durationMs, sampleRate: sampleRate, levelDBm0: levelDBm0)
        let ramp = min(tone.count / 2, sampleRate / 200)
        for index in 0..<ramp {
            let gain = 0.5 - 0.5 * cos(Double.pi * Double(index) / Double(ramp))
            tone[index] = Int16((Double(tone[index]) * gain).rounded())
            tone[tone.count - 1 - index] = Int16((Double(tone[tone.count - 1 - index]) * gain).rounded())
        }
        return tone
    }

    /// Peak amplitude of a sine at `dBm0`.
    public static func peakAmplitude(dBm0: Double) -> Double {
        32767 * pow(10, (dBm0 - fullScaleSineDBm0) / 20)
    }

    /// Peak amplitude of a sine whose RMS is `dBov` below a full-scale square wave.
    public static func peakAmplitude(dBov: Double) -> Double {
        32767 * 2.0.squareRoot() * pow(10, dBov / 20)
    }

    private static func sine(frequencies: [Double], durationMs: Int, sampleRate: Int, amplitude: Double) -> [Int16] {
        let count = max(0, durationMs * sampleRate / 1000)
        var output = [Int16](repeating: 0, count: count)
        let steps = frequencies.map { 2 * Double.pi * $0 / Double(sampleRate) }
        for index in 0..<count {
            var value = 0.0
            // sin(step · n) rather than an accumulated phase, so long tones do not drift.
            for step in steps { value += sin(step * Double(index)) }
            output[index] = Int16(max(-32768, min(32767, (amplitude * value).rounded())))
        }
        return output
    }
}
