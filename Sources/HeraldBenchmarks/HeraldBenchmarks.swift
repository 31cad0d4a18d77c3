
/// `herald-bench`: the micro-benchmarks behind `make bench`, printed as a table.
@main
struct HeraldBenchmarks {
    static func main() {
        let filter = CommandLine.arguments.dropFirst().first
        var rows: [BenchmarkResult] = []
        for benchmark in ParserBenchmarks.all + SDPBenchmarks.all where filter.map({ benchmark.name.contains($0) }) ?? true {
            rows.append(benchmark.run())
        }
        BenchmarkResult.printTable(rows)
    }
}
