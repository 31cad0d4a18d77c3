public import SIPMessage

/// The INVITE server transaction of RFC 3261 §17.2.1, with the Accepted state and Timer L of RFC 6026 §7.1.
///
/// Transitions (RFC 3261 Figure 7 as updated by RFC 6026 Figure 7):
///
/// | state      | event               | actions                                                   | next       |
/// |------------|---------------------|-----------------------------------------------------------|------------|
/// | Proceeding | start               | send 100 Trying                                           | Proceeding |
/// | Proceeding | INVITE retransmitted | resend the last provisional response                     | Proceeding |
/// | Proceeding | 1xx from TU         | send it                                                   | Proceeding |
/// | Proceeding | 2xx from TU         | send it; start L = 64·T1                                  | Accepted   |
/// | Proceeding | 300–699 from TU     | send it; start G = T1 (unreliable), H = 64·T1             | Completed  |
/// | Proceeding/Completed | transport error | transport error to TU                               | Terminated |
/// | Accepted   | 2xx from TU         | send it (the TU retransmits its 2xx, §13.3.1.4)           | Accepted   |
/// | Accepted   | INVITE retransmitted | — (absorbed, not passed to the TU)                       | Accepted   |
/// | Accepted   | ACK                 | ACK to TU                                                 | Accepted   |
/// | Accepted   | Timer L             | —                                                         | Terminated |
/// | Completed  | INVITE retransmitted | resend the final response                                | Completed  |
/// | Completed  | Timer G             | resend the final response; restart G at min(2·G, T2)      | Completed  |
/// | Completed  | Timer H             | timeout to TU (the ACK never came)                        | Terminated |
/// | Completed  | ACK                 | cancel G, H; start I (T4 unreliable, 0 reliable)          | Confirmed  |
/// | Confirmed  | ACK                 | — (absorbed)                                              | Confirmed  |
/// | Confirmed  | Timer I             | —                                                         | Terminated |
///
/// The transaction answers 100 Trying at once rather than after 200 ms (§17.2.1 allows either): Herald's TU may
/// need a database or media set-up before ringing, and an early 100 stops the client's Timer A retransmissions.
/// `request` is the INVITE as the layer stamped it (§18.2.1), so responses copy the right Via.
public struct ServerInviteTransaction: Sendable {
    /// The states of Figure 7 of RFC 3261 as updated by RFC 6026 §7.1.
    public enum State: Sendable, Hashable, CaseIterable {
        /// The INVITE was passed to the TU; provisional responses may be sent.
        case proceeding
        /// A 2xx was sent (RFC 6026): the TU's 2xx retransmissions pass through and ACKs go to the TU until Timer L.
        case accepted
        /// A 300–699 was sent and is retransmitted (Timer G) until the ACK or Timer H.
        case completed
        /// The ACK arrived; ACK retransmissions are absorbed until Timer I.
        case confirmed
        /// Done; the transaction must be destroyed.
        case terminated
    }

    /// The current state.
    public internal(set) var state: State = .proceeding
    /// The INVITE that created the transaction.
    public let request: SIPMessage
    /// The identifier retransmissions and the ACK are matched by (§17.2.3).
    public let id: SIPServerTransactionID
    /// The transport the INVITE came over: reliable transports do not retransmit.
    public let transport: SIPTransportAddress.Transport
    /// The timer values.
    public let timers: SIPTimerSettings
    /// The most recent response sent, repeated when the INVITE is retransmitted.
    public internal(set) var lastResponse: SIPMessage?

    /// Whether `.start` has sent the 100 Trying.
    var started = false
    /// Timer G's current interval.
    var timerGInterval: Duration

    /// Creates the transaction for a received INVITE (after the §18.2.1 Via stamp).
    public init(request: SIPMessage, transport: SIPTransportAddress.Transport, timers: SIPTimerSettings = .default) throws(SIPTransactionError) {
        guard request.method == .invite else {
            throw SIPTransactionError(.wrongMessageKind, "an INVITE server transaction starts with an INVITE")
        }
        id = try SIPServerTransactionID(request: request)
        self.request = request
        self.transport = transport
        self.timers = timers
        timerGInterval = timers.timerG
    }
}
