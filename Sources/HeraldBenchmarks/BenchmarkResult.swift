import CAllocationCounter

/// One measured benchmark: the median over several timed rounds.
struct BenchmarkResult {
    let name: String
    let operationsPerSecond: Double
    let nanosecondsPerOperation: Double
    let allocationsPerOperation: Double

    static func printTable(_ rows: [BenchmarkResult]) {
        let nameWidth = max(10, rows.map(\.name.count).max() ?? 0)
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, n - s.count))
            return left ? s + fill : fill + s
        }
        print(pad("benchmark", nameWidth, left: true) + " | " + pad("ops/s", 12) + " | " + pad("ns/op", 9) + " | " + pad("allocs/op", 9))
        print(String(repeating: "-", count: nameWidth) + "-|-" + String(repeating: "-", count: 12) + "-|-" + String(repeating: "-", count: 9) + "-|-" + String(repeating: "-", count: 9))
        for row in rows {
            print(pad(row.name, nameWidth, left: true) + " | " + pad(format(row.operationsPerSecond, 0), 12) + " | "
                  + pad(format(row.nanosecondsPerOperation, 1), 9) + " | " + pad(format(row.allocationsPerOperation, 1), 9))
        }
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        // Integer arithmetic, so the benchmark needs neither Foundation nor libm.
        if value < 0 { return "-" + format(-value, decimals) }
        if decimals == 0 { return String(Int(value + 0.5)) }
        let tenths = Int(value * 10 + 0.5)
        return String(tenths / 10) + "." + String(tenths % 10)
    }
}

/// A named operation timed in rounds of `iterations`.
struct Benchmark {
    let name: String
    let iterations: Int
    let operation: () -> Void

    func run(rounds: Int = 7) -> BenchmarkResult {
        for _ in 0..<max(1, iterations / 10) { operation() }  // warm up caches and lazily built tables
        var durations: [Double] = []
        var allocations: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<rounds {
            let allocationsBefore = herald_allocation_count()
            let start = clock.now
            for _ in 0..<iterations { operation() }
            let elapsed = start.duration(to: clock.now)
            let allocationsAfter = herald_allocation_count()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            durations.append(seconds / Double(iterations))
            allocations.append(Double(allocationsAfter - allocationsBefore) / Double(iterations))
        }
        let median = durations.sorted()[durations.count / 2]
        return BenchmarkResult(
            name: name, operationsPerSecond: 1 / median, nanosecondsPerOperation: median * 1e9,
            allocationsPerOperation: allocations.sorted()[allocations.count / 2])
    }
}
