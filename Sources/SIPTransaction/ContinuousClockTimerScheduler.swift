/// The production scheduler: one task per timer, sleeping on `ContinuousClock`.
///
/// `ContinuousClock` keeps counting while the machine sleeps, so a suspended host does not stretch SIP timeouts.
/// Cancelling a timer cancels its task, which ends the sleep at once and releases the closure: nothing outlives its
/// timer. A timer whose sleep has already ended still runs its closure; the layer tells such late fires apart by a
/// generation number, so they do nothing.
public struct ContinuousClockTimerScheduler: SIPTimerScheduler {
    /// A timer backed by a sleeping task.
    public struct Timer: SIPScheduledTimer {
        let task: Task<Void, Never>

        /// Cancels the sleeping task.
        public func cancel() { task.cancel() }
    }

    /// Creates the scheduler.
    public init() {}

    /// Starts a task that sleeps for `delay` and then runs `fire`, unless cancelled first.
    public func schedule(after delay: Duration, _ fire: @escaping @Sendable () async -> Void) -> any SIPScheduledTimer {
        Timer(task: Task {
            do {
                try await Task.sleep(for: delay, clock: .continuous)
            } catch {
                return
            }
            await fire()
        })
    }
}
