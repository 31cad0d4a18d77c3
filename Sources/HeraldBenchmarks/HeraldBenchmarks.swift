/// `herald-bench`: the benchmarks behind `make bench`, printed as tables.
///
/// `herald-bench [FILTER]` runs the parser micro-benchmarks (optionally only those whose name contains FILTER) and
/// then the SIP loopback load runs; `herald-bench micro` runs only the former; `herald-bench sip-uas` is the
/// answering process the load runs start as a child.
@main
struct HeraldBenchmarks {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "sip-uas" {
            try await SIPLoopbackBenchmarks.runUAS()
            return
        }
        let filter = arguments.first == "micro" ? nil : arguments.first
        var rows: [BenchmarkResult] = []
        for benchmark in ParserBenchmarks.all + SDPBenchmarks.all where filter.map({ benchmark.name.contains($0) }) ?? true {
            rows.append(benchmark.run())
        }
        BenchmarkResult.printTable(rows)
        if arguments.isEmpty || filter == "sip-load" {
            print("")
            print("SIP over UDP loopback between two processes (no media)")
            for row in try await SIPLoopbackBenchmarks.run() { print(row) }
        }
    }
}
