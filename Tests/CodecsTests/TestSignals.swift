#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded generator (SplitMix64) so that every "random" signal is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(Double.leastNonzeroMagnitude, Double.random(in: 0..<1, using: &self))
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// Test signals: tones and a synthetic voiced "speech" signal.
enum TestSignals {
    /// A sine of `frequency` Hz with peak `amplitude`.
    static func tone(_ frequency: Double, amplitude: Double = 10000, seconds: Double, rate: Int) -> [Int16] {
        (0..<Int(seconds * Double(rate))).map { Int16((amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate))).rounded()) }
    }

    /// Synthetic voiced speech: a glottal pulse train whose pitch glides between `pitchRange` through three
    /// resonators (formants) that move between vowel targets, with syllable-like amplitude envelopes and short
    /// pauses. Harmonic-rich, non-stationary, and deterministic for a given seed.
    static func speechLike(seconds: Double, rate: Int, seed: UInt64 = 1, pitchRange: ClosedRange<Double> = 90...220,
                           peak: Double = 12000) -> [Int16] {
        var random = SeededGenerator(seed: seed)
        let count = Int(seconds * Double(rate))
        // Formant targets (F1, F2, F3) for /a/, /i/, /u/, /e/, /o/.
        let vowels: [[Double]] = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410]]
        var output = [Double](repeating: 0, count: count)
        var filters = [Resonator](repeating: Resonator(), count: 3)
        var phase = 0.0
        var syllableLeft = 0
        var syllableLength = 1
        var silent = false
        var from = vowels[0], to = vowels[1]
        var pitchFrom = pitchRange.lowerBound, pitchTo = pitchRange.upperBound
        let nyquistGuard = Double(rate) * 0.45
        for n in 0..<count {
            if syllableLeft == 0 {
                // A new syllable of 120–350 ms, or now and then a pause of 60–200 ms.
                silent = !silent && Int.random(in: 0..<5, using: &random) == 0
                syllableLength = silent ? Int.random(in: rate * 6 / 100...rate / 5, using: &random)
                                        : Int.random(in: rate * 12 / 100...rate * 35 / 100, using: &random)
                syllableLeft = syllableLength
                from = to
                to = vowels[Int.random(in: 0..<vowels.count, using: &random)]
                pitchFrom = pitchTo
                pitchTo = Double.random(in: pitchRange, using: &random)
            }
            let progress = 1 - Double(syllableLeft) / Double(syllableLength)
            syllableLeft -= 1
            let pitch = pitchFrom + (pitchTo - pitchFrom) * progress
            phase += pitch / Double(rate)
            var excitation = 0.0
            if phase >= 1 { phase -= 1; excitation = 1 }     // one glottal pulse per pitch period
            excitation += 0.02 * random.gaussian()           // a little aspiration noise
            let envelope = silent ? 0 : sin(Double.pi * progress)
            var sample = 0.0
            for k in 0..<3 {
                let formant = min(nyquistGuard, from[k] + (to[k] - from[k]) * progress)
                filters[k].tune(frequency: formant, bandwidth: 60 + 40 * Double(k), rate: rate)
                sample += filters[k].process(excitation) / Double(k + 1)
            }
            output[n] = sample * envelope
        }
        let maximum = output.map(abs).max() ?? 1
        return output.map { Int16(($0 / maximum * peak).rounded()) }
    }

    /// A two-pole resonator (a formant).
    struct Resonator {
        var a1 = 0.0, a2 = 0.0, gain = 0.0, y1 = 0.0, y2 = 0.0
        mutating func tune(frequency: Double, bandwidth: Double, rate: Int) {
            let r = exp(-Double.pi * bandwidth / Double(rate))
            a1 = 2 * r * cos(2 * Double.pi * frequency / Double(rate))
            a2 = -r * r
            gain = 1 - r
        }
        mutating func process(_ x: Double) -> Double {
            let y = gain * x + a1 * y1 + a2 * y2
            y2 = y1
            y1 = y
            return y
        }
    }

    /// White Gaussian noise at an RMS of `rms`.
    static func noise(count: Int, rms: Double, seed: UInt64) -> [Int16] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Int16(max(-32768, min(32767, (rms * random.gaussian()).rounded()))) }
    }

    /// `a + b`, clipped, over the length of `a`.
    static func mix(_ a: [Int16], _ b: [Int16]) -> [Int16] {
        a.indices.map { Int16(max(-32768, min(32767, Int(a[$0]) + (($0 < b.count) ? Int(b[$0]) : 0)))) }
    }

    static func rms(_ x: ArraySlice<Int16>) -> Double {
        guard !x.isEmpty else { return 0 }
        return (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
    }
}

/// Signal measurements.
enum Measure {
    /// The delay (0…maxLag samples) by which `output` lags `reference`, by maximum cross-correlation over the
    /// middle of the reference.
    static func delay(of output: [Int16], against reference: [Int16], maxLag: Int) -> Int {
        let start = min(reference.count / 4, 4000), length = min(reference.count / 2, 16000)
        var best = 0, bestScore = -Double.infinity
        for lag in 0...maxLag where start + lag + length <= output.count {
            var score = 0.0
            for i in start..<start + length { score += Double(reference[i]) * Double(output[i + lag]) }
            if score > bestScore { bestScore = score; best = lag }
        }
        return best
    }

    /// SNR in dB of `output` against `reference` after aligning by `delay`, skipping `skip` samples at the start
    /// (encoder warm-up) and comparing with the least-squares gain (so a codec's level change is not "noise").
    static func snr(_ output: [Int16], _ reference: [Int16], delay: Int, skip: Int) -> Double {
        let end = min(reference.count, output.count - delay)
        var signal = 0.0, cross = 0.0, outEnergy = 0.0
        for i in skip..<end {
            let r = Double(reference[i]), o = Double(output[i + delay])
            signal += r * r; cross += r * o; outEnergy += o * o
        }
        let gain = outEnergy > 0 ? cross / outEnergy : 1
        var noise = 0.0
        for i in skip..<end {
            let e = Double(reference[i]) - gain * Double(output[i + delay])
            noise += e * e
        }
        return 10 * log10(signal / max(noise, 1e-9))
    }

    /// Dominant frequency by counting positive-going zero crossings.
    static func zeroCrossingFrequency(_ x: ArraySlice<Int16>, rate: Int) -> Double {
        var crossings = 0
        var previous = x.first ?? 0
        for sample in x.dropFirst() {
            if previous < 0 && sample >= 0 { crossings += 1 }
            previous = sample
        }
        return Double(crossings) * Double(rate) / Double(x.count)
    }

    /// Largest sample-to-sample step.
    static func maxStep(_ x: ArraySlice<Int16>) -> Int {
        zip(x, x.dropFirst()).map { abs(Int($1) - Int($0)) }.max() ?? 0
    }
}
