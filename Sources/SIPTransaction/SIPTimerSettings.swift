public import SIPMessage

/// The transaction timer values of RFC 3261 §17 (Table 4) and RFC 6026 §7.4, derived from T1, T2 and T4.
///
/// T1 is the round-trip estimate (500 ms by default, §17.1.1.1), T2 the longest retransmission interval for non-INVITE
/// requests and INVITE responses (4 s, §17.1.2.2), T4 the longest time a message stays in the network (5 s). Every
/// other timer is derived, so changing T1 for a slow link scales the timeouts with it. Timers that only absorb
/// retransmissions (D, I, J, K) are zero on reliable transports, where nothing is retransmitted.
public struct SIPTimerSettings: Sendable, Equatable {
    /// T1, the round-trip time estimate (RFC 3261 §17.1.1.1).
    public var t1: Duration
    /// T2, the maximum retransmission interval for non-INVITE requests and INVITE responses (RFC 3261 §17.1.2.2).
    public var t2: Duration
    /// T4, the maximum duration a message remains in the network (RFC 3261 §17.1.2.2).
    public var t4: Duration

    /// Creates settings; the defaults are those of RFC 3261 §17.
    public init(t1: Duration = .milliseconds(500), t2: Duration = .seconds(4), t4: Duration = .seconds(5)) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
    }

    /// The RFC 3261 defaults: T1 = 500 ms, T2 = 4 s, T4 = 5 s.
    public static let `default` = SIPTimerSettings()

    /// 64·T1, the transaction timeout most timers share (32 s by default).
    public var sixtyFourT1: Duration { t1 * 64 }

    /// Timer A's first interval, T1 (§17.1.1.2); unreliable transports only.
    public var timerA: Duration { t1 }

    /// Timer A's next interval: it doubles without a cap, giving INVITE retransmissions at 0, T1, 3·T1, 7·T1 … (§17.1.1.2).
    public func timerA(after interval: Duration) -> Duration { interval * 2 }

    /// Timer B, 64·T1 (§17.1.1.2).
    public var timerB: Duration { sixtyFourT1 }

    /// Timer D (§17.1.1.2): at least 32 s on unreliable transports, 0 on reliable ones.
    ///
    /// 32 s is 64·T1 at the default T1, so that the client outlives the server's Timer H retransmissions; with a
    /// larger T1 the server retransmits longer, so D follows 64·T1.
    public func timerD(over transport: SIPTransportAddress.Transport) -> Duration {
        transport.isReliable ? .zero : max(.seconds(32), sixtyFourT1)
    }

    /// Timer E's first interval, T1 (§17.1.2.2); unreliable transports only.
    public var timerE: Duration { t1 }

    /// Timer F, 64·T1 (§17.1.2.2).
    public var timerF: Duration { sixtyFourT1 }

    /// Timer G's first interval, T1 (§17.2.1); unreliable transports only.
    public var timerG: Duration { t1 }

    /// Timer H, 64·T1 (§17.2.1): chosen equal to Timer B.
    public var timerH: Duration { sixtyFourT1 }

    /// Timer I (§17.2.1): T4 on unreliable transports, 0 on reliable ones.
    public func timerI(over transport: SIPTransportAddress.Transport) -> Duration { transport.isReliable ? .zero : t4 }

    /// Timer J (§17.2.2): 64·T1 on unreliable transports, 0 on reliable ones.
    public func timerJ(over transport: SIPTransportAddress.Transport) -> Duration { transport.isReliable ? .zero : sixtyFourT1 }

    /// Timer K (§17.1.2.2): T4 on unreliable transports, 0 on reliable ones.
    public func timerK(over transport: SIPTransportAddress.Transport) -> Duration { transport.isReliable ? .zero : t4 }

    /// Timer L, 64·T1 (RFC 6026 §7.1).
    public var timerL: Duration { sixtyFourT1 }

    /// Timer M, 64·T1 (RFC 6026 §7.2).
    public var timerM: Duration { sixtyFourT1 }

    /// The next interval of Timer E or Timer G: the interval doubles until it reaches T2 (§17.1.2.2, §17.2.1).
    public func cappedBackoff(after interval: Duration) -> Duration { min(interval * 2, t2) }
}
