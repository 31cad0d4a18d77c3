/// What `SIPTransactionLayer.receive(_:from:)` did with a message, for the transport to log or count.
///
/// The layer itself logs nothing: peer misbehaviour (a malformed message, a stray response) is reported here and the
/// caller decides its level.
public enum SIPReceiveDisposition: Sendable, Equatable {
    /// A new request created a server transaction and was passed to the TU (§17.2.3).
    case newServerTransaction(SIPServerTransactionID)
    /// A retransmitted request was absorbed by its server transaction, which resent its last response if it had one.
    case retransmission(SIPServerTransactionID)
    /// An ACK matched an INVITE server transaction (§17.2.3).
    case ackMatched(SIPServerTransactionID)
    /// An ACK matched no transaction and went to the TU (the ACK for a 2xx).
    case ackPassedToTransactionUser
    /// A CANCEL matched an INVITE server transaction: the layer answered it 200 and, if the INVITE had no final
    /// response yet, told the TU (§9.2).
    case cancelMatched(invite: SIPServerTransactionID)
    /// A CANCEL matched no INVITE server transaction: the layer answered it 481 (§9.2).
    case cancelUnmatched(SIPServerTransactionID)
    /// A merged request (same From tag, Call-ID and CSeq as a live transaction, another branch, no To tag) was
    /// answered 482 Loop Detected by the layer (§8.2.2.2) and not passed to the TU.
    case mergedRequest(SIPServerTransactionID)
    /// The layer is full (transactions or unread TU events) and answered 503.
    case rejectedOverload
    /// A response matched a client transaction (§17.1.3).
    case responseMatched(SIPClientTransactionID)
    /// A 2xx to an INVITE matched no client transaction and went to the TU as a stray 2xx.
    case stray2xxPassedToTransactionUser
    /// A response matched no client transaction and was discarded (RFC 6026 §8.9).
    case responseDropped
    /// The message lacks a header the transaction layer matches on; it was dropped without an answer.
    case malformed(SIPTransactionError)
}
