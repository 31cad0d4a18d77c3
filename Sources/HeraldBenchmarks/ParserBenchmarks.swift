import SIPMessage

/// SIP message parse and serialize benchmarks (issue: Foundation; target ≥ 500,000 INVITE parses/s per core).
enum ParserBenchmarks {
    static var all: [Benchmark] {
        let messages: [(String, [UInt8])] = [
            ("INVITE+SDP", Array(BenchmarkMessages.invite.utf8)),
            ("200 OK", Array(BenchmarkMessages.ok.utf8)),
            ("ACK", Array(BenchmarkMessages.ack.utf8)),
            ("OPTIONS", Array(BenchmarkMessages.options.utf8)),
        ]
        var list: [Benchmark] = []
        for (name, bytes) in messages {
            list.append(Benchmark(name: "sip parse \(name)", iterations: 100_000) {
                blackHole(try? SIPMessage(parsing: bytes))
            })
            list.append(Benchmark(name: "sip parse+typed \(name)", iterations: 100_000) {
                guard let message = try? SIPMessage(parsing: bytes) else { return }
                blackHole(try? message.headers.topVia)
                blackHole(try? message.headers.from)
                blackHole(try? message.headers.to)
                blackHole(try? message.headers.callID)
                blackHole(try? message.headers.cseq)
                blackHole(try? message.headers.maxForwards)
                blackHole(try? message.headers.contact)
            })
            list.append(Benchmark(name: "sip parse+validate \(name)", iterations: 50_000) {
                guard let message = try? SIPMessage(parsing: bytes) else { return }
                blackHole(try? message.validate())
            })
            guard let parsed = try? SIPMessage(parsing: bytes) else { continue }
            list.append(Benchmark(name: "sip serialize \(name)", iterations: 100_000) {
                blackHole(parsed.bytes)
            })
        }
        return list
    }
}

/// Keeps the optimizer from discarding a benchmark's result.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
