import SIPTransaction
import Synchronization
import Testing

@Suite("Timer schedulers")
struct TimerSchedulerTests {
    @Test func manualSchedulerFiresInTimeOrderAtTheirDeadlines() async {
        let clock = ManualTimerScheduler()
        let fired = Mutex<[(String, Duration)]>([])
        func record(_ name: String) -> @Sendable () async -> Void {
            { fired.withLock { $0.append((name, clock.now)) } }
        }
        _ = clock.schedule(after: .seconds(2), record("b"))
        _ = clock.schedule(after: .seconds(1), record("a"))
        _ = clock.schedule(after: .seconds(2), record("c"))
        let cancelled = clock.schedule(after: .milliseconds(1500), record("cancelled"))
        cancelled.cancel()
        cancelled.cancel()
        await clock.advance(by: .milliseconds(1999))
        #expect(fired.withLock { $0.map(\.0) } == ["a"])
        await clock.advance(by: .milliseconds(1))
        #expect(fired.withLock { $0.map(\.0) } == ["a", "b", "c"])
        #expect(fired.withLock { $0.map(\.1) } == [.seconds(1), .seconds(2), .seconds(2)])
        #expect(clock.now == .seconds(2))
        #expect(clock.pendingCount == 0)
    }

    @Test func timersScheduledWhileFiringFallDueInTheSameAdvance() async {
        let clock = ManualTimerScheduler()
        let times = Mutex<[Duration]>([])
        @Sendable func tick() async {
            times.withLock { $0.append(clock.now) }
            if clock.now < .seconds(3) { _ = clock.schedule(after: .seconds(1)) { await tick() } }
        }
        _ = clock.schedule(after: .seconds(1)) { await tick() }
        await clock.advance(by: .seconds(10))
        #expect(times.withLock { $0 } == [.seconds(1), .seconds(2), .seconds(3)])
        #expect(clock.now == .seconds(10))
    }

    @Test func continuousClockSchedulerRunsADueTimer() async {
        let scheduler = ContinuousClockTimerScheduler()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        _ = scheduler.schedule(after: .zero) { continuation.yield(1) }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == 1)
    }
}
