import Testing
import Codecs

/// In-band DTMF detection against the ITU-T Q.24 acceptance figures, in noise, and for talk-off.
///
/// Measured with spandsp 0.0.6 (its default level threshold) and our 8 dB twist limits: all 16 digits once,
/// start offsets within 41 samples (5 ms); lowest level detected −42 dBm0 per tone; ±6 dB twist accepted and
/// ±12 dB rejected; ±1.5 % accepted (except C/D, see below) and ±3.5 % rejected; 40 ms tones accepted, 20 ms
/// rejected; all digits found in white noise at 15 dB SNR; no digit in 180 s of synthetic voiced speech nor in
/// flite speech.
@Suite("DTMF detector")
struct DTMFDetectorTests {
    static let digits: [Character] = ["1", "2", "3", "A", "4", "5", "6", "B", "7", "8", "9", "C", "*", "0", "#", "D"]

    /// Detects digits in `signal` fed in 20 ms pieces, as the media engine would.
    static func detect(_ signal: [Int16], rate: Int = 8000) -> [DetectedTone] {
        let detector = DTMFDetector(sampleRate: rate)
        let chunk = rate / 50
        return stride(from: 0, to: signal.count, by: chunk).flatMap { detector.process(signal[$0..<min(signal.count, $0 + chunk)]) }
    }

    static func digitString(_ tones: [DetectedTone]) -> String {
        String(tones.compactMap { if case .dtmf(let d) = $0.kind { d } else { nil } })
    }

    /// One digit with independent low/high levels and a frequency deviation, framed by silence.
    static func pair(_ digit: Character, lowDBm0: Double, highDBm0: Double, deviation: Double = 0, ms: Int = 100) -> [Int16] {
        let (low, high) = ToneGenerator.dtmfFrequencies(digit)!
        let a = ToneGenerator.sine(frequencies: [low * (1 + deviation)], durationMs: ms, sampleRate: 8000, levelDBm0: lowDBm0)
        let b = ToneGenerator.sine(frequencies: [high * (1 + deviation)], durationMs: ms, sampleRate: 8000, levelDBm0: highDBm0)
        return ToneGenerator.silence(durationMs: 60, sampleRate: 8000) + TestSignals.mix(a, b) + ToneGenerator.silence(durationMs: 60, sampleRate: 8000)
    }

    @Test("all 16 digits at −10 dBm0 are detected exactly once, with their start offsets")
    func allDigits() {
        var signal: [Int16] = ToneGenerator.silence(durationMs: 37, sampleRate: 8000)
        var starts: [Int] = []
        for digit in Self.digits {
            starts.append(signal.count)
            signal += ToneGenerator.dtmf(digit, durationMs: 80, sampleRate: 8000)
            signal += ToneGenerator.silence(durationMs: 73, sampleRate: 8000)
        }
        let tones = Self.detect(signal)
        #expect(Self.digitString(tones) == String(Self.digits))
        let errors = zip(tones, starts).map { abs($0.sampleOffset - $1) }
        print("DTMF start offset error: max \(errors.max() ?? -1) samples")
        #expect(errors.allSatisfy { $0 <= 102 })
    }

    @Test("detects at 16 and 48 kHz input too, offsets at the input rate", arguments: [16000, 48000])
    func otherRates(_ rate: Int) {
        var signal = ToneGenerator.silence(durationMs: 100, sampleRate: rate)
        for digit in "159#" { signal += ToneGenerator.dtmf(digit, durationMs: 80, sampleRate: rate) + ToneGenerator.silence(durationMs: 80, sampleRate: rate) }
        let tones = Self.detect(signal, rate: rate)
        #expect(Self.digitString(tones) == "159#")
        #expect(abs((tones.first?.sampleOffset ?? 0) - rate / 10) < rate / 40)
    }

    @Test("twist of ±6 dB is accepted (Q.24); ±12 dB is rejected")
    func twist() {
        for digit in Self.digits {
            #expect(Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -13, highDBm0: -7))) == String(digit), "normal twist 6 dB \(digit)")
            #expect(Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -7, highDBm0: -13))) == String(digit), "reverse twist 6 dB \(digit)")
            #expect(Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -16, highDBm0: -4))).isEmpty, "normal twist 12 dB \(digit)")
            #expect(Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -4, highDBm0: -16))).isEmpty, "reverse twist 12 dB \(digit)")
        }
    }

    @Test("frequency deviation of ±1.5 % is accepted, ±3.5 % rejected (Q.24)")
    func frequencyDeviation() {
        for digit in Self.digits {
            for deviation in [0.015, -0.015] {
                let detected = Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -10, highDBm0: -10, deviation: deviation)))
                if "CD".contains(digit) {
                    // Known limitation (measured): spandsp misses C and D when BOTH tones are 1.5 % off in the same
                    // direction; either tone alone at ±1.5 % is accepted, and so are A (697 + 1633 Hz) and every
                    // other digit. Both Goertzel outputs drop and the pair falls under spandsp's energy check.
                    // Phones do not send A–D in practice; fixing it means patching spandsp's filter bank.
                    withKnownIssue("spandsp 0.0.6 rejects C/D at ±1.5 % deviation") {
                        #expect(detected == String(digit), "\(digit) \(deviation)")
                    }
                } else {
                    #expect(detected == String(digit), "\(digit) \(deviation)")
                }
            }
            for deviation in [0.035, -0.035] {
                #expect(Self.digitString(Self.detect(Self.pair(digit, lowDBm0: -10, highDBm0: -10, deviation: deviation))).isEmpty, "\(digit) \(deviation)")
            }
        }
    }

    @Test("40 ms digits with 40 ms gaps are detected (Q.24 minimum); 20 ms bursts are not")
    func duration() {
        var signal = ToneGenerator.silence(durationMs: 50, sampleRate: 8000)
        for digit in Self.digits { signal += ToneGenerator.dtmf(digit, durationMs: 40, sampleRate: 8000) + ToneGenerator.silence(durationMs: 40, sampleRate: 8000) }
        #expect(Self.digitString(Self.detect(signal)) == String(Self.digits))
        var short = ToneGenerator.silence(durationMs: 50, sampleRate: 8000)
        for digit in Self.digits { short += ToneGenerator.dtmf(digit, durationMs: 20, sampleRate: 8000) + ToneGenerator.silence(durationMs: 60, sampleRate: 8000) }
        #expect(Self.digitString(Self.detect(short)).isEmpty)
    }

    @Test("a 10 ms break inside a tone is one key press; the same key after a 40 ms pause is two (Q.24)")
    func breaks() {
        let silence = { (ms: Int) in ToneGenerator.silence(durationMs: ms, sampleRate: 8000) }
        let tone = { (ms: Int) in ToneGenerator.dtmf("5", durationMs: ms, sampleRate: 8000, levelDBm0: -10) }
        #expect(Self.digitString(Self.detect(silence(100) + tone(60) + silence(10) + tone(60) + silence(100))) == "5")
        #expect(Self.digitString(Self.detect(silence(100) + tone(60) + silence(20) + tone(60) + silence(100))) == "5")
        #expect(Self.digitString(Self.detect(silence(100) + tone(80) + silence(60) + tone(80) + silence(100))) == "55")
        #expect(Self.digitString(Self.detect(silence(100) + tone(50) + silence(40) + tone(50) + silence(100))) == "55")
        #expect(Self.digitString(Self.detect(silence(100) + tone(80) + silence(60) + ToneGenerator.dtmf("6", durationMs: 80, sampleRate: 8000) + silence(100))) == "56")
    }

    @Test("level range: detected down to −30 dBm0 per tone and up to 0 dBm0; silent below spandsp's threshold")
    func levels() {
        var lowest = 0
        for level in stride(from: 0, through: -50, by: -2) {
            if Self.digitString(Self.detect(Self.pair("5", lowDBm0: Double(level), highDBm0: Double(level)))) == "5" { lowest = level } else { break }
        }
        print("DTMF lowest detected level: \(lowest) dBm0 per tone")
        #expect(lowest <= -30)
        #expect(Self.digitString(Self.detect(Self.pair("5", lowDBm0: -50, highDBm0: -50))).isEmpty)
    }

    @Test("digits in white noise at 15 dB SNR are all detected")
    func noise() {
        var signal: [Int16] = ToneGenerator.silence(durationMs: 50, sampleRate: 8000)
        for digit in Self.digits { signal += ToneGenerator.dtmf(digit, durationMs: 60, sampleRate: 8000) + ToneGenerator.silence(durationMs: 60, sampleRate: 8000) }
        // Two tones at −10 dBm0 each: the pair's RMS is A (one sine's peak) — noise RMS 15 dB below that.
        let toneRMS = ToneGenerator.peakAmplitude(dBm0: -10)
        let noisy = TestSignals.mix(signal, TestSignals.noise(count: signal.count, rms: toneRMS / 5.623, seed: 99))
        #expect(Self.digitString(Self.detect(noisy)) == String(Self.digits))
    }

    @Test("talk-off: three minutes of synthetic voiced speech produce no digits")
    func talkOffSynthetic() {
        var total = 0
        for seed in UInt64(1)...6 {
            let speech = TestSignals.speechLike(seconds: 30, rate: 8000, seed: seed, pitchRange: 80...250, peak: 20000)
            total += Self.detect(speech).count
        }
        print("DTMF talk-off: \(total) digits in 180 s of synthetic speech")
        #expect(total == 0)
    }

    @Test("talk-off: flite speech (kal at 8 kHz, slt at 16 kHz through the resampler) produces no digits")
    func talkOffFlite() throws {
        for speech in [try #require(FliteSpeech.kal8k), try #require(FliteSpeech.slt16k)] {
            let tones = Self.detect(speech.samples, rate: speech.rate)
            print("DTMF talk-off: \(tones.count) digits in \(speech.samples.count / speech.rate) s of flite speech at \(speech.rate) Hz")
            #expect(tones.isEmpty)
        }
    }

    @Test("digits survive the codecs Herald receives in-band DTMF over",
          arguments: [AudioCodec.pcmu, .pcma, .g722, .opus, .gsm, .g729, .g723])
    func throughCodecs(_ codec: AudioCodec) throws {
        let rate = codec.sampleRate
        var signal = ToneGenerator.silence(durationMs: 200, sampleRate: rate)
        for digit in "0123456789*#" {
            signal += ToneGenerator.dtmf(digit, durationMs: 100, sampleRate: rate) + ToneGenerator.silence(durationMs: 100, sampleRate: rate)
        }
        signal += ToneGenerator.silence(durationMs: 200, sampleRate: rate)
        let decoded = try CodecHarness.decode(try CodecHarness.encode(signal, codec), codec)
        let digits = Self.digitString(Self.detect(decoded, rate: rate))
        print("DTMF through \(codec.kind.rawValue): \(digits)")
        #expect(digits == "0123456789*#")
    }
}
