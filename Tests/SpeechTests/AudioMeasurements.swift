import Foundation
import Speech

/// Level and activity measurements for asserting on synthesized speech.
extension SynthesizedAudio {
    /// RMS level in dBov (relative to a full-scale square wave; a full-scale sine is −3 dBov).
    var rmsDBov: Double {
        guard !samples.isEmpty else { return -.infinity }
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        return 10 * log10(power / (32768.0 * 32768.0))
    }

    /// The largest absolute sample.
    var peak: Int { samples.map { abs(Int($0)) }.max() ?? 0 }

    /// The share of 20 ms frames louder than −45 dBov: speech rather than pauses.
    var activeFraction: Double {
        let frame = sampleRate / 50
        let frames = stride(from: 0, to: samples.count - frame + 1, by: frame).map { start in
            SynthesizedAudio(sampleRate: sampleRate, samples: Array(samples[start..<start + frame])).rmsDBov
        }
        return frames.isEmpty ? 0 : Double(frames.filter { $0 > -45 }.count) / Double(frames.count)
    }

    /// The playing time in seconds.
    var seconds: Double { Double(samples.count) / Double(sampleRate) }
}
