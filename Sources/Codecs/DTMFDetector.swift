internal import CSpanDSP

/// In-band DTMF detection (spandsp `dtmf_rx`), streaming: returns digits as they are recognised, each with the
/// sample offset (since the first sample given) where it began.
///
/// spandsp works at 8 kHz; other input rates are resampled to 8 kHz first (offsets are reported at the input
/// rate). Acceptance follows spandsp's defaults except the twist limits, which are widened to 8 dB both ways so
/// that the ±6 dB of ITU-T Q.24 are accepted with margin; level threshold stays at spandsp's default. Not
/// thread-safe: one per stream.
public final class DTMFDetector {
    /// spandsp's Goertzel block length (`DTMF_SAMPLES_PER_BLOCK` in dtmf.c): detection happens at block ends.
    static let blockLength = 102
    /// Accepted twist in dB, both normal (high group louder) and reverse (low group louder).
    static let twistDB: Int32 = 8

    private let state: OpaquePointer
    private let events = Events()
    private let sampleRate: Int
    private let resampler: Resampler?
    private var resampled: [Int16] = []

    /// The longest break, as the detector sees it (from the end it declares to the next start it declares, 8 kHz
    /// samples), that still counts as one key press. ITU-T Q.24 expects breaks of about 10 ms within a tone to be
    /// bridged and pauses of 40 ms or more to separate digits; the detector declares an end two blocks after it
    /// and a start two to three blocks after it, so a 40 ms pause shows as at least 371 samples here. A lost packet
    /// concealed by pitch repetition can make one or two blocks fail inside a tone: without this, one press
    /// becomes two.
    static let bridgedBreakSamples = 300

    /// What the C callback reports into; a separate object so that the callback never sees a half-built detector.
    private final class Events {
        var position = 0                     // 8 kHz samples fed to spandsp so far
        var detected: [(digit: Character, position: Int)] = []
        /// The digit whose tone is on now.
        var current: Character?
        /// The last digit whose tone ended, and where the detector declared the end.
        var lastEnd: (digit: Character, position: Int)?

        func toneStarted(_ digit: Character) {
            current = digit
            if let lastEnd, lastEnd.digit == digit, position - lastEnd.position <= DTMFDetector.bridgedBreakSamples { return }
            detected.append((digit, position))
        }

        func toneEnded() {
            if let current { lastEnd = (current, position) }
            current = nil
        }
    }

    /// Creates a detector for `sampleRate` input (8000, 16000 or 48000 Hz are typical).
    public init(sampleRate: Int = 8000) {
        self.sampleRate = sampleRate
        // A rate libsamplerate refuses leaves the detector deaf rather than crashing the call; it cannot happen
        // for the rates Herald negotiates.
        resampler = sampleRate == 8000 ? nil : try? Resampler(from: sampleRate, to: 8000)
        // dtmf_rx_init(NULL, …) only fails when out of memory.
        state = dtmf_rx_init(nil, nil, nil)!
        dtmf_rx_parms(state, 0, Self.twistDB, Self.twistDB, -99)
        dtmf_rx_set_realtime_callback(state, { user, code, _, _ in
            // code is the ASCII digit at the start of a tone and 0 at its end; starts are reported, ends bridge breaks.
            guard let user else { return }
            let events = Unmanaged<Events>.fromOpaque(user).takeUnretainedValue()
            if code > 0, let scalar = Unicode.Scalar(UInt32(code)) {
                events.toneStarted(Character(scalar))
            } else if code == 0 {
                events.toneEnded()
            }
        }, Unmanaged.passUnretained(events).toOpaque())
    }

    deinit { dtmf_rx_free(state) }

    /// Feeds `samples` and returns the digits whose start was recognised in them.
    public func process(_ samples: ArraySlice<Int16>) -> [DetectedTone] {
        if let resampler {
            resampled.removeAll(keepingCapacity: true)
            resampler.process(samples, into: &resampled)
            feed(resampled[...])
        } else {
            feed(samples)
        }
        defer { events.detected.removeAll() }
        return events.detected.map { digit, position in
            // A digit is declared at the end of the second consecutive block that holds it, and the first such
            // block must be wholly inside the tone: so the tone began between 2 and 3 blocks earlier. Report
            // the middle of that window (error ≤ half a block, 6.4 ms).
            let start = max(0, position - Self.blockLength * 5 / 2)
            return DetectedTone(kind: .dtmf(digit), sampleOffset: start * sampleRate / 8000)
        }
    }

    /// Feeds spandsp in pieces that end on its block boundaries, so that `events.position` is exact whenever the
    /// callback fires.
    private func feed(_ samples: ArraySlice<Int16>) {
        samples.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let toBoundary = Self.blockLength - events.position % Self.blockLength
                let length = min(toBoundary, buffer.count - offset)
                events.position += length
                _ = dtmf_rx(state, buffer.baseAddress! + offset, Int32(length))
                offset += length
            }
        }
    }
}
