import NIOCore
import Synchronization

/// How late packets left compared with their ideal send times: 10 µs buckets up to 100 ms, cheap
/// enough to record every packet of a thousand calls. One per event loop, so the lock is uncontended.
final class PacingHistogram: Sendable {
    static let bucketWidthNanoseconds: Int64 = 10_000
    static let bucketCount = 10_000
    private let buckets = Mutex([Int](repeating: 0, count: bucketCount))

    /// Records one send.
    func record(deviation: TimeAmount) {
        let bucket = min(Int(max(deviation.nanoseconds, 0) / Self.bucketWidthNanoseconds), Self.bucketCount - 1)
        buckets.withLock { $0[bucket] += 1 }
    }

    /// Forgets everything recorded so far.
    func reset() {
        buckets.withLock { $0 = [Int](repeating: 0, count: Self.bucketCount) }
    }

    /// The counts per bucket.
    func snapshot() -> [Int] {
        buckets.withLock { $0 }
    }
}

/// Pacing deviation figures: how late sent packets were against their ideal times.
public struct PacingReport: Sendable, Hashable {
    /// Packets measured.
    public var count: Int
    /// The median deviation.
    public var median: Duration
    /// The 99th percentile.
    public var p99: Duration
    /// The largest deviation (to 10 µs).
    public var maximum: Duration

    init(histograms: [PacingHistogram]) {
        var merged = [Int](repeating: 0, count: PacingHistogram.bucketCount)
        for histogram in histograms {
            for (index, value) in histogram.snapshot().enumerated() { merged[index] += value }
        }
        let total = merged.reduce(0, +)
        count = total
        func percentile(_ fraction: Double) -> Duration {
            guard total > 0 else { return .zero }
            let wanted = max(1, Int((Double(total) * fraction).rounded(.up)))
            var seen = 0
            for (index, value) in merged.enumerated() {
                seen += value
                if seen >= wanted { return .nanoseconds(Int64(index + 1) * PacingHistogram.bucketWidthNanoseconds) }
            }
            return .nanoseconds(Int64(merged.count) * PacingHistogram.bucketWidthNanoseconds)
        }
        median = percentile(0.5)
        p99 = percentile(0.99)
        maximum = merged.lastIndex(where: { $0 > 0 }).map { .nanoseconds(Int64($0 + 1) * PacingHistogram.bucketWidthNanoseconds) } ?? .zero
    }
}
