/// A pending timer returned by a `SIPTimerScheduler`.
public protocol SIPScheduledTimer: Sendable {
    /// Stops the timer if it has not fired yet; cancelling twice, or after it fired, does nothing.
    func cancel()
}
