/// The transaction timers of RFC 3261 §17 (Table 4, Appendix A) and RFC 6026 §7.4, named by their letter.
///
/// Timer C belongs to proxies (§16.6) and is not a transaction timer here. Each case says which machine runs it.
public enum TransactionTimer: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// INVITE request retransmission interval, unreliable transports only (§17.1.1.2). Starts at T1 and doubles.
    case A
    /// INVITE client transaction timeout, 64·T1 (§17.1.1.2).
    case B
    /// Wait for response retransmissions in the INVITE client's Completed state (§17.1.1.2).
    case D
    /// Non-INVITE request retransmission interval, unreliable transports only (§17.1.2.2).
    case E
    /// Non-INVITE client transaction timeout, 64·T1 (§17.1.2.2).
    case F
    /// INVITE final response retransmission interval, unreliable transports only (§17.2.1).
    case G
    /// Wait for the ACK of a non-2xx final response, 64·T1 (§17.2.1).
    case H
    /// Wait for ACK retransmissions in the INVITE server's Confirmed state (§17.2.1).
    case I
    /// Wait for non-INVITE request retransmissions in the Completed state (§17.2.2).
    case J
    /// Wait for non-INVITE response retransmissions in the Completed state (§17.1.2.2).
    case K
    /// Wait in the INVITE server's Accepted state for 2xx retransmissions from the TU and for ACKs, 64·T1 (RFC 6026 §7.1).
    case L
    /// Wait in the INVITE client's Accepted state for 2xx retransmissions and forked 2xx, 64·T1 (RFC 6026 §7.2).
    case M

    /// `Timer A`.
    public var description: String { "Timer " + rawValue }
}
