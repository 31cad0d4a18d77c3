import Codecs
import Foundation
public import MediaEngine

/// A tone sequence both sides send and look for: 350 ms per tone, 80 ms gaps.
public enum ToneSequence {
    /// The tones, in order.
    public static let frequencies: [Double] = [600, 1000, 1400, 800]

    /// The sequence at 8 kHz.
    public static var samples: [Int16] {
        frequencies.flatMap {
            ToneGenerator.sine(frequencies: [$0], durationMs: 350, sampleRate: 8000, levelDBm0: -12)
                + ToneGenerator.silence(durationMs: 80, sampleRate: 8000)
        }
    }

    /// The distinct tones heard in order, from per-50 ms Goertzel power.
    public static func heard(in audio: PCMAudio) -> [Double] {
        let window = audio.sampleRate / 20
        var sequence: [Double] = []
        var run: (frequency: Double, length: Int)?
        var start = 0
        func close() {
            if let run, run.length >= 3, sequence.last != run.frequency { sequence.append(run.frequency) }
        }
        while start + window <= audio.samples.count {
            let slice = audio.samples[start..<start + window]
            let energy = slice.reduce(0.0) { $0 + Double($1) * Double($1) }
            var dominant: Double?
            if energy / Double(window) > 300 * 300 {
                for frequency in frequencies where power(frequency, slice, audio.sampleRate) / (energy * Double(window) / 2) > 0.5 {
                    dominant = frequency
                }
            }
            if let dominant, dominant == run?.frequency {
                run?.length += 1
            } else {
                close()
                run = dominant.map { ($0, 1) }
            }
            start += window
        }
        close()
        return sequence
    }

    private static func power(_ frequency: Double, _ samples: ArraySlice<Int16>, _ rate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(rate))
        var (previous, beforePrevious) = (0.0, 0.0)
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }
}
