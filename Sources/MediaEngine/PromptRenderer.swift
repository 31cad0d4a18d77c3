import Codecs

/// Turns prompts into one run of samples at the rate of the call's codec.
enum PromptRenderer {
    static func render(_ prompts: [Prompt], sampleRate: Int) throws(MediaError) -> [Int16] {
        var out: [Int16] = []
        for prompt in prompts {
            switch prompt {
            case .file(let path):
                let audio: PCMAudio
                do {
                    audio = try WAVFile.read(path: path)
                } catch {
                    throw MediaError.prompt(path: path, reason: error.reason)
                }
                try append(audio, to: &out, sampleRate: sampleRate)
            case .audio(let audio):
                try append(audio, to: &out, sampleRate: sampleRate)
            case .silence(let milliseconds):
                out.append(contentsOf: ToneGenerator.silence(durationMs: milliseconds, sampleRate: sampleRate))
            case .tone(let frequencies, let milliseconds, let level):
                out.append(contentsOf: ToneGenerator.sine(
                    frequencies: frequencies, durationMs: milliseconds, sampleRate: sampleRate, levelDBm0: level))
            }
        }
        return out
    }

    private static func append(_ audio: PCMAudio, to out: inout [Int16], sampleRate: Int) throws(MediaError) {
        guard audio.sampleRate != sampleRate else {
            out.append(contentsOf: audio.samples)
            return
        }
        do {
            let resampler = try Resampler(from: audio.sampleRate, to: sampleRate)
            resampler.process(audio.samples[...], into: &out)
        } catch {
            throw MediaError.codec("cannot convert \(audio.sampleRate) Hz audio to \(sampleRate) Hz: \(error)")
        }
    }
}
