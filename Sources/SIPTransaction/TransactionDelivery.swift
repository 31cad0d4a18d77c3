public import SIPMessage

/// What a transaction passes up to its transaction user (RFC 3261 §17).
public enum TransactionDelivery: Sendable, Equatable {
    /// A response for the TU: provisional or final (client transactions, §17.1.1.2, §17.1.2.2).
    case response(SIPMessage)
    /// The transaction timed out: Timer B or F on a client (the TU synthesizes a 408, §8.1.3.1), Timer H on a
    /// server (the ACK never came, §17.2.1).
    case timeout
    /// The transport failed (§17.1.4, §17.2.4).
    case transportError
    /// An ACK reached an INVITE server transaction in the Accepted state: it belongs to the TU's 2xx (RFC 6026 §7.1).
    case ack(SIPMessage)
}
