import SDP

/// SDP parse, serialize and offer/answer benchmarks: the per-call cost of media negotiation.
enum SDPBenchmarks {
    static var all: [Benchmark] {
        let text = BenchmarkMessages.sdp
        guard let offer = try? SessionDescription(parsing: text) else { return [] }
        let capabilities = MediaCapabilities(
            codecs: [.g722, .pcmu, .pcma, .g729], connectionAddress: .ip4("192.0.2.20"))
        return [
            Benchmark(name: "sdp parse offer", iterations: 50_000) {
                blackHole(try? SessionDescription(parsing: text))
            },
            Benchmark(name: "sdp serialize offer", iterations: 50_000) {
                blackHole(offer.serialized())
            },
            Benchmark(name: "sdp answer offer", iterations: 50_000) {
                var session = OfferAnswer(capabilities: capabilities, sessionID: 1)
                blackHole(try? session.receiveOffer(offer, audio: LocalStream(port: 40_000)))
            },
        ]
    }
}
