import Codecs
import RTP

/// The receive path of one call, without sockets: RTP parse → statistics → jitter buffer → decode →
/// DTMF and voice detection → µ-law WAV bytes. Its rate is the packets one core can process.
enum MediaPipelineBenchmarks {
    static var all: [Benchmark] {
        [pipeline(codec: .pcmu, srtp: false), pipeline(codec: .pcmu, srtp: true), pipeline(codec: .g722, srtp: false)]
    }

    private static func pipeline(codec kind: AudioCodecKind, srtp: Bool) -> Benchmark {
        let codec: AudioCodec = switch kind {
        case .g722: .g722
        default: .pcmu
        }
        // 10 s of a speech-like three-formant signal, encoded once, replayed as a stream of packets.
        let samplesPerPacket = codec.samples(forMilliseconds: 20)
        let audio = ToneGenerator.sine(frequencies: [310, 1150, 2450], durationMs: 10_000, sampleRate: codec.sampleRate, levelDBm0: -18)
        let encoder = try! CodecFactory.makeEncoder(for: codec)
        var wire: [[UInt8]] = []
        let key = [UInt8](repeating: 7, count: 30)
        let protector = srtp ? try! SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: key, direction: .outbound) : nil
        var unprotector: SRTPContext?
        let units = codec.rtpTimestampUnits(forMilliseconds: 20)
        for index in 0..<(audio.count / samplesPerPacket) {
            var payload: [UInt8] = []
            try! encoder.encode(audio[(index * samplesPerPacket)..<((index + 1) * samplesPerPacket)], into: &payload)
            var bytes = RTPPacket(payloadType: 0, sequenceNumber: UInt16(index), timestamp: UInt32(index * units), ssrc: 42, payload: payload).serialized
            try! protector?.protectRTP(&bytes)
            wire.append(bytes)
        }
        let decoder = try! CodecFactory.makeDecoder(for: codec)
        let detector = DTMFDetector(sampleRate: 8000)
        let narrowband = codec.sampleRate == 8000 ? nil : try! Resampler(from: codec.sampleRate, to: 8000, quality: .fastest)
        var voice = VoiceActivityDetector(sampleRate: 8000)
        var jitter = JitterBuffer(clockRate: codec.rtpClockRate, samplesPerPacket: units)
        var statistics = RTPReceptionStatistics(clockRate: codec.rtpClockRate)
        var index = 0
        var decoded: [Int16] = []
        var low: [Int16] = []
        var file: [UInt8] = []
        file.reserveCapacity(8000)
        let name = "media pipeline \(kind)\(srtp ? "+SRTP" : "") (packets)"
        return Benchmark(name: name, iterations: 20_000) {
            var bytes = wire[index % wire.count]
            if srtp {
                // Each lap replays the same packets: a fresh context per lap keeps replay protection satisfied.
                if index % wire.count == 0 {
                    unprotector = try! SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: key, direction: .inbound)
                }
                try! unprotector?.unprotectRTP(&bytes)
            }
            var copy = try! RTPPacket(parsing: bytes)
            let arrival = Duration.milliseconds(index * 20)
            copy.sequenceNumber = UInt16(truncatingIfNeeded: index)
            copy.timestamp = UInt32(truncatingIfNeeded: index * units)
            _ = statistics.record(sequenceNumber: copy.sequenceNumber, timestamp: copy.timestamp, arrivalTime: arrival)
            jitter.insert(copy, arrivalTime: arrival)
            decoded.removeAll(keepingCapacity: true)
            for output in jitter.pull(now: arrival) {
                switch output {
                case .packet(let ready): try! decoder.decode(ready.payload[...], into: &decoded)
                case .lost(let lost): decoder.concealLoss(sampleCount: lost * codec.sampleRate / codec.rtpClockRate, into: &decoded)
                case .silence(let units): decoded.append(contentsOf: repeatElement(0, count: units * codec.sampleRate / codec.rtpClockRate))
                }
            }
            let audio: ArraySlice<Int16>
            if let narrowband {
                low.removeAll(keepingCapacity: true)
                narrowband.process(decoded[...], into: &low)
                audio = low[...]
            } else {
                audio = decoded[...]
            }
            _ = detector.process(audio)
            _ = voice.process(audio)
            if file.count > 7000 { file.removeAll(keepingCapacity: true) }
            for sample in decoded { file.append(G711.ulawEncode(sample)) }
            index += 1
        }
    }
}
