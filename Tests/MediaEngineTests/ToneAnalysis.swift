import Foundation

/// Spectral checks for tests: how strong a frequency is in a stretch of audio.
enum ToneAnalysis {
    /// The Goertzel power of `frequency` in `samples`, normalised to the window's energy (0…1).
    static func relativePower(of frequency: Double, in samples: ArraySlice<Int16>, sampleRate: Int) -> Double {
        guard !samples.isEmpty else { return 0 }
        let omega = 2 * Double.pi * frequency / Double(sampleRate)
        let coefficient = 2 * cos(omega)
        var previous = 0.0
        var beforePrevious = 0.0
        var energy = 0.0
        for sample in samples {
            let x = Double(sample)
            energy += x * x
            let current = x + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        guard energy > 0 else { return 0 }
        return power / (energy * Double(samples.count) / 2)
    }

    /// The strongest of `candidates` in each window of `windowMilliseconds`, or nil where the window is quiet.
    static func dominantFrequencies(
        _ samples: [Int16], sampleRate: Int, candidates: [Double], windowMilliseconds: Int = 50
    ) -> [Double?] {
        let window = sampleRate * windowMilliseconds / 1000
        var result: [Double?] = []
        var start = 0
        while start + window <= samples.count {
            let slice = samples[start..<start + window]
            let rms = sqrt(slice.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(window))
            if rms < 300 {
                result.append(nil)
            } else {
                let best = candidates.max { relativePower(of: $0, in: slice, sampleRate: sampleRate) < relativePower(of: $1, in: slice, sampleRate: sampleRate) }
                result.append(best.flatMap { relativePower(of: $0, in: slice, sampleRate: sampleRate) > 0.5 ? $0 : nil })
            }
            start += window
        }
        return result
    }

    /// The sequence of distinct tones heard (runs of windows collapsed), ignoring quiet windows.
    static func toneSequence(_ samples: [Int16], sampleRate: Int, candidates: [Double]) -> [Double] {
        var sequence: [Double] = []
        var run: (frequency: Double, length: Int)?
        for frequency in dominantFrequencies(samples, sampleRate: sampleRate, candidates: candidates) {
            if let frequency, frequency == run?.frequency {
                run?.length += 1
            } else {
                if let run, run.length >= 3, sequence.last != run.frequency { sequence.append(run.frequency) }
                run = frequency.map { ($0, 1) }
            }
        }
        if let run, run.length >= 3, sequence.last != run.frequency { sequence.append(run.frequency) }
        return sequence
    }
}
