/// Packet-loss concealment by pitch-period repetition, after ITU-T G.711 Appendix I, for codecs whose library
/// has no PLC of its own (G.711, G.722, GSM, G.723.1, L16).
///
/// On the first lost sample it estimates the pitch period of the last 20 ms of history (average magnitude
/// difference, 2.5–15 ms periods), takes the last period as a loop whose seam is smoothed by overlap-add over a
/// quarter period, and plays that loop: at full level for 10 ms, then fading linearly to silence at 60 ms.
/// When real audio returns, its first quarter period is cross-faded with the loop's continuation so there is
/// no step. All lengths scale with the sample rate.
///
/// Our own code rather than spandsp's `plc_fillin`, which in 0.0.6 writes past short output buffers and calls
/// `memcpy` on overlapping history (both found by AddressSanitizer in these tests).
struct PacketLossConcealer: Sendable {
    private let pitchMin: Int
    private let pitchMax: Int
    private let correlationSpan: Int
    private let fullLevelSamples: Int
    private let fadeSamples: Int

    /// The most recent samples, oldest first: `correlationSpan + pitchMax` of them.
    private var history: [Int16]
    /// One smoothed pitch period to loop while audio is missing.
    private var cycle: [Float] = []
    private var cycleOffset = 0
    /// Samples concealed since the last real audio; 0 when none is missing.
    private var missing = 0

    /// Creates a concealer for audio at `sampleRate` Hz.
    init(sampleRate: Int) {
        pitchMin = sampleRate / 400                 // 2.5 ms: 400 Hz, a high voice
        pitchMax = sampleRate * 15 / 1000           // 15 ms: 67 Hz, a low voice
        correlationSpan = sampleRate / 50           // 20 ms of history to match against
        fullLevelSamples = sampleRate / 100         // G.711 I: repeat at full level for the first 10 ms
        fadeSamples = sampleRate / 20               // then fade to silence over the next 50 ms
        history = [Int16](repeating: 0, count: correlationSpan + pitchMax)
    }

    /// Passes real samples (appended to `samples` from `start`) through: after a loss their first quarter
    /// period is blended with the synthetic continuation; all of them become history.
    mutating func received(_ samples: inout [Int16], from start: Int) {
        guard samples.count > start else { return }
        if missing > 0 {
            let blend = min(samples.count - start, max(1, cycle.count / 4))
            for i in 0..<blend {
                let weight = Float(i + 1) / Float(blend + 1)
                let synthetic = nextSynthetic()
                samples[start + i] = Self.clip(weight * Float(samples[start + i]) + (1 - weight) * synthetic)
            }
            missing = 0
        }
        remember(samples[start...])
    }

    /// Appends `count` samples of concealment.
    mutating func conceal(sampleCount count: Int, into samples: inout [Int16]) {
        guard count > 0 else { return }
        if missing == 0 { prepareCycle() }
        let start = samples.count
        samples.reserveCapacity(start + count)
        for _ in 0..<count { samples.append(Self.clip(nextSynthetic())) }
        remember(samples[start...])
    }

    /// The next sample of the faded loop; advances the loss counter.
    private mutating func nextSynthetic() -> Float {
        let gain = missing < fullLevelSamples ? 1 : max(0, 1 - Float(missing - fullLevelSamples) / Float(fadeSamples))
        let value = gain == 0 ? 0 : gain * cycle[cycleOffset]
        cycleOffset = (cycleOffset + 1) % cycle.count
        missing += 1
        return value
    }

    /// Finds the pitch period by minimum average magnitude difference and builds the loop from the last period.
    private mutating func prepareCycle() {
        let end = history.count
        var bestPeriod = pitchMin, bestScore = Int.max
        for period in pitchMin...pitchMax {
            var score = 0
            for i in end - correlationSpan..<end { score += abs(Int(history[i]) - Int(history[i - period])) }
            if score < bestScore { bestScore = score; bestPeriod = period }
        }
        // The loop is history[end − P ..< end]. Its seam joins history[end − 1] back to history[end − P]; blending
        // the last quarter period toward the period before it (history[i − P]) makes that join continuous.
        let overlap = max(1, bestPeriod / 4)
        cycle = (0..<bestPeriod).map { i in
            let current = Float(history[end - bestPeriod + i])
            guard i >= bestPeriod - overlap else { return current }
            let weight = Float(i - (bestPeriod - overlap) + 1) / Float(overlap + 1)
            return (1 - weight) * current + weight * Float(history[end - 2 * bestPeriod + i])
        }
        cycleOffset = 0
    }

    private mutating func remember(_ samples: ArraySlice<Int16>) {
        if samples.count >= history.count {
            history = Array(samples.suffix(history.count))
        } else {
            history.removeFirst(samples.count)
            history.append(contentsOf: samples)
        }
    }

    private static func clip(_ value: Float) -> Int16 { Int16(max(-32768, min(32767, value.rounded()))) }
}
