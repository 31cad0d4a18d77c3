public import SIPMessage

/// The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6): OPTIONS, BYE, CANCEL, REGISTER, NOTIFY, …
///
/// Transitions:
///
/// | state            | event               | actions                                                  | next       |
/// |------------------|---------------------|----------------------------------------------------------|------------|
/// | Trying           | start               | send request; start E = T1 (unreliable), F = 64·T1       | Trying     |
/// | Trying           | Timer E             | resend; restart E at min(2·E, T2)                        | Trying     |
/// | Proceeding       | Timer E             | resend; restart E at T2                                  | Proceeding |
/// | Trying           | 1xx                 | 1xx to TU                                                | Proceeding |
/// | Proceeding       | 1xx                 | 1xx to TU                                                | Proceeding |
/// | Trying/Proceeding | 200–699            | cancel E, F; response to TU; start K (T4 unreliable, 0 reliable) | Completed |
/// | Trying/Proceeding | Timer F or transport error | timeout / transport error to TU                  | Terminated |
/// | Completed        | response            | — (absorbed)                                             | Completed  |
/// | Completed        | Timer K             | —                                                        | Terminated |
///
/// A zero Timer K (reliable transports) terminates the transaction as soon as the final response is passed up.
public struct ClientNonInviteTransaction: Sendable {
    /// The states of Figure 6 of RFC 3261.
    public enum State: Sendable, Hashable, CaseIterable {
        /// The request is sent and retransmitted (Timer E) until a response or Timer F.
        case trying
        /// A provisional response arrived; retransmissions continue every T2.
        case proceeding
        /// A final response arrived; its retransmissions are absorbed until Timer K.
        case completed
        /// Done; the transaction must be destroyed.
        case terminated
    }

    /// The current state.
    public internal(set) var state: State = .trying
    /// The request this transaction sends.
    public let request: SIPMessage
    /// The identifier responses are matched by (§17.1.3).
    public let id: SIPClientTransactionID
    /// The transport the request goes over: reliable transports do not retransmit.
    public let transport: SIPTransportAddress.Transport
    /// The timer values.
    public let timers: SIPTimerSettings

    /// Whether `.start` has sent the request.
    var started = false
    /// Timer E's current interval.
    var timerEInterval: Duration

    /// Creates the transaction for a non-INVITE, non-ACK request the TU sends over `transport`.
    public init(request: SIPMessage, transport: SIPTransportAddress.Transport, timers: SIPTimerSettings = .default) throws(SIPTransactionError) {
        switch request.method {
        case .none: throw SIPTransactionError(.wrongMessageKind, "a client transaction sends a request")
        case .some(.invite): throw SIPTransactionError(.wrongMessageKind, "an INVITE needs an INVITE client transaction")
        case .some(.ack): throw SIPTransactionError(.ackIsNotATransaction, "an ACK is not sent in a transaction of its own (RFC 3261 §17.1.1.3)")
        case .some: break
        }
        id = try SIPClientTransactionID(request: request)
        self.request = request
        self.transport = transport
        self.timers = timers
        timerEInterval = timers.timerE
    }
}
