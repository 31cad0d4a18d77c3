public import SIPMessage

/// The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8).
///
/// Transitions:
///
/// | state      | event                 | actions                                              | next       |
/// |------------|-----------------------|------------------------------------------------------|------------|
/// | Trying     | request retransmitted | — (discarded: nothing to repeat yet)                 | Trying     |
/// | Trying/Proceeding | 1xx from TU    | send it                                              | Proceeding |
/// | Trying/Proceeding | 200–699 from TU | send it; start J (64·T1 unreliable, 0 reliable)     | Completed  |
/// | Proceeding | request retransmitted | resend the last provisional response                 | Proceeding |
/// | Proceeding/Completed | transport error | transport error to TU                           | Terminated |
/// | Completed  | request retransmitted | resend the final response                            | Completed  |
/// | Completed  | response from TU      | — (discarded)                                        | Completed  |
/// | Completed  | Timer J               | —                                                    | Terminated |
///
/// A zero Timer J (reliable transports) terminates the transaction as soon as the final response is sent.
public struct ServerNonInviteTransaction: Sendable {
    /// The states of Figure 8 of RFC 3261.
    public enum State: Sendable, Hashable, CaseIterable {
        /// The request was passed to the TU; nothing has been sent.
        case trying
        /// A provisional response was sent.
        case proceeding
        /// The final response was sent; request retransmissions get it again until Timer J.
        case completed
        /// Done; the transaction must be destroyed.
        case terminated
    }

    /// The current state.
    public internal(set) var state: State = .trying
    /// The request that created the transaction (after the §18.2.1 Via stamp).
    public let request: SIPMessage
    /// The identifier retransmissions are matched by (§17.2.3).
    public let id: SIPServerTransactionID
    /// The transport the request came over.
    public let transport: SIPTransportAddress.Transport
    /// The timer values.
    public let timers: SIPTimerSettings
    /// The most recent response sent, repeated when the request is retransmitted.
    public internal(set) var lastResponse: SIPMessage?

    /// Creates the transaction for a received non-INVITE, non-ACK request.
    public init(request: SIPMessage, transport: SIPTransportAddress.Transport, timers: SIPTimerSettings = .default) throws(SIPTransactionError) {
        switch request.method {
        case .none: throw SIPTransactionError(.wrongMessageKind, "a server transaction starts with a request")
        case .some(.invite): throw SIPTransactionError(.wrongMessageKind, "an INVITE needs an INVITE server transaction")
        case .some(.ack): throw SIPTransactionError(.ackIsNotATransaction, "an ACK creates no server transaction (RFC 3261 §17.2.3)")
        case .some: break
        }
        id = try SIPServerTransactionID(request: request)
        self.request = request
        self.transport = transport
        self.timers = timers
    }
}
