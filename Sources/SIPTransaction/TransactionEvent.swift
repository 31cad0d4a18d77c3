public import SIPMessage

/// An input to a transaction state machine (RFC 3261 §17): from the TU, from the transport, or a timer.
///
/// Every machine accepts every event; one that does not apply to a machine or to its current state is ignored
/// (the machine returns no actions), as the RFC's state diagrams ignore events they do not draw.
public enum TransactionEvent: Sendable, Equatable {
    /// The TU starts the transaction: a client sends its request; a server has just received its request.
    case start
    /// A response matching this client transaction arrived (§17.1.3).
    case responseReceived(SIPMessage)
    /// A retransmission of the request that created this server transaction arrived (§17.2.3).
    case requestRetransmitted
    /// An ACK matching this INVITE server transaction arrived (§17.2.3).
    case ackReceived(SIPMessage)
    /// A timer started by a `startTimer` action fired.
    case timerFired(TransactionTimer)
    /// The transport failed to send a message of this transaction (§17.1.4, §17.2.4).
    case transportError
    /// The TU passes a response to this server transaction for sending.
    case tuResponse(SIPMessage)
}
