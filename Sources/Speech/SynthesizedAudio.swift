internal import Codecs

/// Mono 16-bit linear audio at a known rate: what synthesis and the prompt store produce.
///
/// It mirrors MediaEngine's `PCMAudio` field for field (Speech must not import MediaEngine), so the caller
/// converts with `PCMAudio(sampleRate: audio.sampleRate, samples: audio.samples)`.
public struct SynthesizedAudio: Sendable, Hashable {
    /// Samples per second.
    public var sampleRate: Int
    /// The samples, mono.
    public var samples: [Int16]

    /// Creates audio from samples at `sampleRate` Hz.
    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The playing time.
    public var duration: Duration {
        sampleRate > 0 ? .microseconds(Int64(samples.count) * 1_000_000 / Int64(sampleRate)) : .zero
    }

    /// The same audio at `rate` Hz, converted with Codecs' `Resampler` (libsamplerate, medium sinc).
    ///
    /// The whole buffer is converted at once: the input is followed by enough silence to flush the filter and
    /// the output is cut to exactly `count · rate / sampleRate` samples, so the result neither lags nor pads.
    public func resampled(to rate: Int) throws(SpeechError) -> SynthesizedAudio {
        guard rate != sampleRate else { return self }
        let resampler: Resampler
        do {
            resampler = try Resampler(from: sampleRate, to: rate)
        } catch {
            throw .unsupportedRate(rate)
        }
        let expected = samples.count * rate / sampleRate
        var output: [Int16] = []
        output.reserveCapacity(expected + 256)
        resampler.process(samples[...], into: &output)
        // libsamplerate withholds its look-ahead (a few ms of sinc filter) until more input arrives: 50 ms of
        // silence is far more than medium quality needs at telephone rates.
        let flush = [Int16](repeating: 0, count: max(64, sampleRate / 20))
        while output.count < expected {
            let before = output.count
            resampler.process(flush[...], into: &output)
            if output.count == before { break }
        }
        if output.count > expected { output.removeLast(output.count - expected) }
        return SynthesizedAudio(sampleRate: rate, samples: output)
    }

    /// This audio followed by `other` (converted to this rate first if needed).
    public func appending(_ other: SynthesizedAudio) throws(SpeechError) -> SynthesizedAudio {
        let converted = try other.resampled(to: sampleRate)
        return SynthesizedAudio(sampleRate: sampleRate, samples: samples + converted.samples)
    }
}
