public import SIPMessage

/// The INVITE client transaction of RFC 3261 §17.1.1, with the Accepted state and Timer M of RFC 6026 §7.2.
///
/// Transitions (RFC 3261 Figure 5 as updated by RFC 6026 Figure 5):
///
/// | state      | event               | actions                                          | next       |
/// |------------|---------------------|--------------------------------------------------|------------|
/// | Calling    | start               | send INVITE; start A = T1 (unreliable), B = 64·T1 | Calling    |
/// | Calling    | Timer A             | resend INVITE; restart A at twice its interval    | Calling    |
/// | Calling    | Timer B             | timeout to TU                                     | Terminated |
/// | Calling    | 1xx                 | cancel A, B; 1xx to TU                            | Proceeding |
/// | Proceeding | 1xx                 | 1xx to TU                                         | Proceeding |
/// | Calling/Proceeding | 2xx         | (cancel A, B); 2xx to TU; start M = 64·T1         | Accepted   |
/// | Calling/Proceeding | 300–699     | (cancel A, B); response to TU; send ACK; start D  | Completed  |
/// | Calling/Proceeding/Completed | transport error | transport error to TU                  | Terminated |
/// | Accepted   | 2xx                 | 2xx to TU                                         | Accepted   |
/// | Accepted   | Timer M             | —                                                 | Terminated |
/// | Completed  | 300–699             | resend ACK                                        | Completed  |
/// | Completed  | Timer D             | —                                                 | Terminated |
///
/// A pure value: `handle(_:)` returns the actions (send, start or cancel a timer, tell the TU, terminate) and the
/// driver performs them. On a reliable transport Timer A is never started and Timer D is zero, so a non-2xx final
/// response terminates the transaction at once, after the ACK. The ACK for a non-2xx response is built here
/// (§17.1.1.3); the ACK for a 2xx belongs to the TU (§13.2.2.4).
public struct ClientInviteTransaction: Sendable {
    /// The states of Figure 5 of RFC 3261 as updated by RFC 6026 §7.2.
    public enum State: Sendable, Hashable, CaseIterable {
        /// The INVITE is sent and retransmitted (Timer A) until a response or Timer B.
        case calling
        /// A provisional response arrived; retransmissions stop.
        case proceeding
        /// A 2xx arrived (RFC 6026): further 2xx (retransmissions, forks) go to the TU until Timer M.
        case accepted
        /// A 300–699 arrived and was acknowledged; retransmissions of it are acknowledged again until Timer D.
        case completed
        /// Done; the transaction must be destroyed.
        case terminated
    }

    /// The current state.
    public internal(set) var state: State = .calling
    /// The INVITE this transaction sends.
    public let request: SIPMessage
    /// The identifier responses are matched by (§17.1.3).
    public let id: SIPClientTransactionID
    /// The transport the INVITE goes over: reliable transports do not retransmit.
    public let transport: SIPTransportAddress.Transport
    /// The timer values.
    public let timers: SIPTimerSettings

    /// Whether `.start` has sent the INVITE.
    var started = false
    /// Timer A's current interval.
    var timerAInterval: Duration
    /// The ACK for non-2xx final responses, with the INVITE's To until a response supplies its own (§17.1.1.3).
    let ackTemplate: SIPMessage
    /// The ACK sent in the Completed state, repeated for each retransmission of the final response.
    var ack: SIPMessage?

    /// Creates the transaction for an INVITE the TU sends over `transport`.
    ///
    /// Throws when the request is not an INVITE or lacks what the ACK and matching need (a top Via with a branch,
    /// From, To, Call-ID, CSeq).
    public init(request: SIPMessage, transport: SIPTransportAddress.Transport, timers: SIPTimerSettings = .default) throws(SIPTransactionError) {
        guard request.method == .invite else {
            throw SIPTransactionError(.wrongMessageKind, "an INVITE client transaction sends an INVITE")
        }
        id = try SIPClientTransactionID(request: request)
        ackTemplate = try Self.requestDerived(from: request, method: .ack)
        self.request = request
        self.transport = transport
        self.timers = timers
        timerAInterval = timers.timerA
    }
}
