import Speech

/// Level and activity measurements for asserting on synthesized speech.
extension SynthesizedAudio {
    /// RMS level in dBov (relative to a full-scale square wave; a full-scale sine is −3 dBov).
    var rmsDBov: Double {
        guard !samples.isEmpty else { return -.infinity }
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        return 10 * log10Approx(power / (32768.0 * 32768.0))
    }

    /// The largest absolute sample.
    var peak: Int { samples.map { abs(Int($0)) }.max() ?? 0 }

    /// The share of 20 ms frames louder than −45 dBov: speech, not silence.
    var activeFraction: Double {
        let frame = sampleRate / 50
        let frames = stride(from: 0, to: samples.count - frame + 1, by: frame).map { start in
            SynthesizedAudio(sampleRate: sampleRate, samples: Array(samples[start..<start + frame])).rmsDBov
        }
        return frames.isEmpty ? 0 : Double(frames.filter { $0 > -45 }.count) / Double(frames.count)
    }

    /// Seconds, as a Double.
    var seconds: Double { Double(samples.count) / Double(sampleRate) }
}

/// log10 without importing Foundation into every test file.
func log10Approx(_ value: Double) -> Double {
    guard value > 0 else { return -.infinity }
    var exponent = 0.0, mantissa = value
    while mantissa >= 10 { mantissa /= 10; exponent += 1 }
    while mantissa < 1 { mantissa *= 10; exponent -= 1 }
    // ln(m)/ln(10) by a series on (m-1)/(m+1); m in [1, 10).
    let y = (mantissa - 1) / (mantissa + 1)
    var term = y, sum = 0.0
    for k in stride(from: 1, through: 61, by: 2) { sum += term / Double(k); term *= y * y }
    return exponent + 2 * sum / 2.302585092994046
}
