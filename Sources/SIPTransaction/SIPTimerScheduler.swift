/// The injected clock of the transaction layer: it runs a closure after a delay.
///
/// Production uses `ContinuousClockTimerScheduler`; tests use `ManualTimerScheduler`, whose virtual time moves only
/// when the test advances it, so that a 32-second Timer B takes no real time and nothing sleeps.
public protocol SIPTimerScheduler: Sendable {
    /// Runs `fire` once, `delay` from now, unless the returned timer is cancelled first.
    func schedule(after delay: Duration, _ fire: @escaping @Sendable () async -> Void) -> any SIPScheduledTimer
}
