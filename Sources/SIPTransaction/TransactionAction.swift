public import SIPMessage

/// An output of a transaction state machine (RFC 3261 §17), performed in order by the driver (`SIPTransactionLayer`).
public enum TransactionAction: Sendable, Equatable {
    /// Pass a message to the transport: a client's request or ACK goes to the request's destination (§17.1.1.3),
    /// a server's response to the address §18.2.2 gives.
    case transmit(SIPMessage)
    /// Start (or restart, replacing the running one) the named timer.
    case startTimer(TransactionTimer, Duration)
    /// Stop the named timer.
    case cancelTimer(TransactionTimer)
    /// Tell the transaction user something.
    case deliver(TransactionDelivery)
    /// The transaction reached the Terminated state and MUST be destroyed at once (§17.1.1.2, §17.2.1); the driver
    /// stops its remaining timers.
    case terminate
}
