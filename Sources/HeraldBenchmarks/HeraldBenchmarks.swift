/// `herald-bench`: the benchmarks behind `make bench`, printed as tables.
///
/// `herald-bench [FILTER]` runs the parser micro-benchmarks (optionally only those whose name contains FILTER) and
/// then the SIP loopback load runs; `herald-bench micro` runs only the former; `herald-bench sip-uas` is the
/// answering process the load runs start as a child (`media-callers` likewise for the media load); `herald-bench media [N…]` runs only the media benchmarks
/// (the receive pipeline per core, then N — by default 100, 500 and 1,000 — concurrent play-and-record sessions);
/// `taskset -c 0 herald-bench media-one-core` finds how many play-and-record sessions one core serves.
@main
struct HeraldBenchmarks {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "media-callers" {
            try await MediaSessionBenchmarks.runCallers()
            return
        }
        if arguments.first == "sip-uas" {
            try await SIPLoopbackBenchmarks.runUAS()
            return
        }
        let filter = arguments.first == "micro" ? nil : arguments.first
        if filter == "media-one-core" {
            // Run under `taskset -c 0`: the callers go to core 1, so the engine has core 0 to itself.
            print("Play-and-record G.711 sessions one core serves (engine on one event loop pinned to core 0, callers on core 1),")
            print("raised until a run loses or conceals a packet, its p99 pacing reaches 1 ms or the core is 90 % busy")
            MediaSessionBenchmarks.printTable(try await MediaSessionBenchmarks.searchOneCore(from: 400, step: 100, limit: 3000, seconds: 10))
            return
        }
        if filter == "media" {
            let counts = arguments.dropFirst().compactMap { Int($0) }
            try await runMedia(sessionCounts: counts.isEmpty ? [100, 500, 1000] : counts)
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

    static func runMedia(sessionCounts: [Int]) async throws {
        BenchmarkResult.printTable(MediaPipelineBenchmarks.all.map { $0.run() })
        try await runMediaSessions(sessionCounts: sessionCounts)
    }

    static func runMediaSessions(sessionCounts: [Int] = [100, 500, 1000]) async throws {
        print("")
        print("Concurrent G.711 sessions, each playing a prompt and recording to a µ-law WAV, 10 s measured after 2 s warm-up")
        MediaSessionBenchmarks.printTable(try await MediaSessionBenchmarks.run(sessionCounts: sessionCounts, seconds: 10))
        print("")
        print("Concurrent G.711 recordings (callers leave a message: they send, Herald records a µ-law WAV and sends nothing)")
        MediaSessionBenchmarks.printTable(try await MediaSessionBenchmarks.run(sessionCounts: sessionCounts, seconds: 10, recordOnly: true))
    }
}
