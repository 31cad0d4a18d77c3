internal import CSpanDSP

/// Fax and modem answer tone detection (spandsp `modem_connect_tones_rx`), streaming: CNG (1100 Hz) from a
/// calling fax machine and CED/ANS (2100 Hz) from an answering one.
///
/// spandsp works at 8 kHz; other rates are resampled to 8 kHz first. CED is reported once per tone, CNG once
/// per 0.5 s burst (so a caller sees it again every 3.5 s). `sampleOffset` is the declaration point minus the
/// detector's measured latency, an estimate of where the tone began (±10 ms). Not thread-safe: one per stream.
public final class FaxToneDetector {
    /// Offsets are reported in blocks of this many 8 kHz samples (10 ms).
    static let blockLength = 80
    /// How long after a CNG burst starts spandsp declares it (420 ms, measured by the tests at −15 dBm0);
    /// subtracted from the declaration point so that offsets estimate the tone's start.
    static let cngLatency = 3_360
    /// The same for CED/ANS (560 ms, measured at −12 dBm0).
    static let cedLatency = 4_480

    private let cng: OpaquePointer
    private let ced: OpaquePointer
    private let events = Events()
    private let sampleRate: Int
    private let resampler: Resampler?
    private var resampled: [Int16] = []

    private final class Events {
        var position = 0
        var detected: [(kind: DetectedTone.Kind, position: Int)] = []
    }

    /// Creates a detector for `sampleRate` input.
    public init(sampleRate: Int = 8000) {
        self.sampleRate = sampleRate
        resampler = sampleRate == 8000 ? nil : try? Resampler(from: sampleRate, to: 8000)
        let user = Unmanaged.passUnretained(events).toOpaque()
        // Both initialisers only fail when out of memory.
        cng = modem_connect_tones_rx_init(nil, Int32(MODEM_CONNECT_TONES_FAX_CNG), { user, code, _, _ in
            guard let user, code == Int32(MODEM_CONNECT_TONES_FAX_CNG) else { return }
            let events = Unmanaged<Events>.fromOpaque(user).takeUnretainedValue()
            events.detected.append((.faxCNG, events.position))
        }, user)!
        // ANS detects a 2100 Hz tone with or without phase reversals (V.25 ANS, V.8 ANSam start as 2100 Hz).
        ced = modem_connect_tones_rx_init(nil, Int32(MODEM_CONNECT_TONES_ANS), { user, code, _, _ in
            guard let user, code != Int32(MODEM_CONNECT_TONES_NONE) else { return }
            let events = Unmanaged<Events>.fromOpaque(user).takeUnretainedValue()
            events.detected.append((.faxCED, events.position))
        }, user)!
    }

    deinit {
        modem_connect_tones_rx_free(cng)
        modem_connect_tones_rx_free(ced)
    }

    /// Feeds `samples` and returns the tones recognised in them.
    public func process(_ samples: ArraySlice<Int16>) -> [DetectedTone] {
        if let resampler {
            resampled.removeAll(keepingCapacity: true)
            resampler.process(samples, into: &resampled)
            feed(resampled[...])
        } else {
            feed(samples)
        }
        defer { events.detected.removeAll() }
        return events.detected.map { kind, position in
            let latency = kind == .faxCNG ? Self.cngLatency : Self.cedLatency
            return DetectedTone(kind: kind, sampleOffset: max(0, position - latency) * sampleRate / 8000)
        }
    }

    private func feed(_ samples: ArraySlice<Int16>) {
        samples.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let length = min(Self.blockLength - events.position % Self.blockLength, buffer.count - offset)
                events.position += length
                _ = modem_connect_tones_rx(cng, buffer.baseAddress! + offset, Int32(length))
                _ = modem_connect_tones_rx(ced, buffer.baseAddress! + offset, Int32(length))
                offset += length
            }
        }
    }
}
