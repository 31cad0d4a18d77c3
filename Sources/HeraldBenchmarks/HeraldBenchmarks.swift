/// `herald-bench`: the benchmarks behind `make bench`, printed as tables.
///
/// `herald-bench [FILTER]` runs the parser micro-benchmarks (optionally only those whose name contains FILTER) and
/// then the SIP loopback load runs; `herald-bench micro` runs only the former; `herald-bench sip-uas` is the
/// answering process the load runs start as a child; `herald-bench media` runs only the media benchmarks
/// (the receive pipeline per core, then 100, 500 and 1,000 concurrent play-and-record sessions).
@main
struct HeraldBenchmarks {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "sip-uas" {
            try await SIPLoopbackBenchmarks.runUAS()
            return
        }
        let filter = arguments.first == "micro" ? nil : arguments.first
        if filter == "media" {
            try await runMedia()
            return
        }
        var rows: [BenchmarkResult] = []
        for benchmark in ParserBenchmarks.all + SDPBenchmarks.all + MediaPipelineBenchmarks.all
        where filter.map({ benchmark.name.contains($0) }) ?? true {
            rows.append(benchmark.run())
        }
        BenchmarkResult.printTable(rows)
        if arguments.isEmpty || filter == "sip-load" {
            print("")
            print("SIP over UDP loopback between two processes (no media)")
            for row in try await SIPLoopbackBenchmarks.run() { print(row) }
        }
        if arguments.isEmpty {
            try await runMediaSessions()
        }
    }

    static func runMedia() async throws {
        BenchmarkResult.printTable(MediaPipelineBenchmarks.all.map { $0.run() })
        try await runMediaSessions()
    }

    static func runMediaSessions() async throws {
        print("")
        print("Concurrent G.711 sessions, each playing a prompt and recording to a µ-law WAV, 10 s measured after 2 s warm-up")
        MediaSessionBenchmarks.printTable(try await MediaSessionBenchmarks.run(sessionCounts: [100, 500, 1000], seconds: 10))
    }
}
