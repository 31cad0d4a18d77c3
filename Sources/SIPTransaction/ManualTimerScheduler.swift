import Synchronization

/// A scheduler on virtual time for tests: timers fire only when `advance(by:)` moves the clock past them.
///
/// `advance(by:)` fires every due timer in deadline order (ties in the order they were scheduled) and awaits each
/// closure before the next, moving `now` to each timer's deadline as it fires; timers scheduled while firing are due
/// in the same advance when their deadline falls inside it. So a test sees every message at the exact virtual time
/// RFC 3261 gives, and never sleeps. It lives in the library so that the test targets of upper layers can use it.
public final class ManualTimerScheduler: SIPTimerScheduler {
    /// A timer on the manual clock.
    public struct Timer: SIPScheduledTimer {
        let id: UInt64
        let scheduler: ManualTimerScheduler

        /// Removes the timer from the schedule.
        public func cancel() {
            scheduler.state.withLock { $0.pending.removeAll { $0.id == id } }
        }
    }

    struct Entry {
        let id: UInt64
        let deadline: Duration
        let fire: @Sendable () async -> Void
    }

    struct State {
        var now: Duration = .zero
        var nextID: UInt64 = 0
        var pending: [Entry] = []
    }

    let state = Mutex(State())

    /// Creates a scheduler whose clock reads zero.
    public init() {}

    /// The virtual time elapsed since creation.
    public var now: Duration { state.withLock { $0.now } }

    /// How many timers are waiting to fire.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Schedules `fire` at `now + delay`.
    public func schedule(after delay: Duration, _ fire: @escaping @Sendable () async -> Void) -> any SIPScheduledTimer {
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.pending.append(Entry(id: id, deadline: state.now + max(delay, .zero), fire: fire))
            return id
        }
        return Timer(id: id, scheduler: self)
    }

    /// Moves the clock forward by `duration`, firing and awaiting every timer that falls due, in time order.
    public func advance(by duration: Duration) async {
        let target = state.withLock { $0.now } + duration
        while let entry = nextDue(by: target) {
            await entry.fire()
        }
        state.withLock { $0.now = max($0.now, target) }
    }

    /// Moves the clock to `time` (no-op when it is already later).
    public func advance(to time: Duration) async {
        await advance(by: max(time - now, .zero))
    }

    /// Removes the earliest timer due by `target` and moves the clock to its deadline.
    private func nextDue(by target: Duration) -> Entry? {
        state.withLock { state in
            var best: Int?
            for (index, entry) in state.pending.enumerated() where entry.deadline <= target {
                if let b = best, state.pending[b].deadline < entry.deadline || (state.pending[b].deadline == entry.deadline && state.pending[b].id < entry.id) {
                    continue
                }
                best = index
            }
            guard let best else { return nil }
            let entry = state.pending.remove(at: best)
            state.now = max(state.now, entry.deadline)
            return entry
        }
    }
}
