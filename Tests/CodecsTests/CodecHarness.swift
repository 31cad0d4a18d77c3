import Codecs

/// Runs PCM through an encoder and decoder packet by packet, as an RTP stream would.
enum CodecHarness {
    /// Packet time used for each codec in the tests: 20 ms, or G.723.1's 30 ms frame.
    static func packetMilliseconds(_ codec: AudioCodec) -> Int { max(20, codec.frameDuration) }

    /// Encodes `signal` (truncated to whole packets) and returns the payloads.
    static func encode(_ signal: [Int16], _ codec: AudioCodec) throws -> [[UInt8]] {
        let encoder = try CodecFactory.makeEncoder(for: codec)
        let packet = codec.samples(forMilliseconds: packetMilliseconds(codec))
        return try stride(from: 0, to: signal.count - packet + 1, by: packet).map { start in
            var payload: [UInt8] = []
            try encoder.encode(signal[start..<start + packet], into: &payload)
            return payload
        }
    }

    /// Decodes `payloads`, concealing the packets whose index is in `lost`.
    static func decode(_ payloads: [[UInt8]], _ codec: AudioCodec, lost: Set<Int> = []) throws -> [Int16] {
        let decoder = try CodecFactory.makeDecoder(for: codec)
        let packet = codec.samples(forMilliseconds: packetMilliseconds(codec))
        var output: [Int16] = []
        for (index, payload) in payloads.enumerated() {
            if lost.contains(index) {
                decoder.concealLoss(sampleCount: packet, into: &output)
            } else {
                try decoder.decode(payload[...], into: &output)
            }
        }
        return output
    }

    /// The aligned SNR of `signal` through `codec`, and the codec delay found.
    static func roundTrip(_ signal: [Int16], _ codec: AudioCodec) throws -> (snr: Double, delay: Int) {
        let output = try decode(try encode(signal, codec), codec)
        let delay = Measure.delay(of: output, against: signal, maxLag: codec.samples(forMilliseconds: 40))
        return (Measure.snr(output, signal, delay: delay, skip: codec.samples(forMilliseconds: 100)), delay)
    }
}
