public import SIPMessage

/// What the transaction layer tells its transaction user about the server side, in arrival order (RFC 3261 §17.2).
public enum SIPTransactionLayerEvent: Sendable {
    /// Why a server transaction failed.
    public enum Failure: Sendable, Equatable {
        /// Timer H fired: the ACK for a non-2xx final response never came (§17.2.1).
        case timeout
        /// The transport could not send a response (§17.2.4).
        case transportError(SIPTransactionError)
    }

    /// A new request in a new server transaction: answer it through the handle. An INVITE has been answered
    /// 100 Trying already.
    case request(SIPServerTransactionHandle)
    /// A CANCEL matched this INVITE server transaction before its final response (§9.2). The layer has answered the
    /// CANCEL 200 itself; the TU should now answer the INVITE 487 through the handle.
    case cancelled(SIPServerTransactionHandle, cancel: SIPMessage)
    /// An ACK that is no server transaction's (the ACK for a 2xx, a transaction of its own, §17.1.1.3), or one an
    /// INVITE server transaction in the Accepted state passed up (RFC 6026 §7.1): for the dialog layer.
    case ack(SIPMessage, source: SIPTransportAddress)
    /// A 2xx to an INVITE that matched no client transaction: a retransmission arriving after Timer M, which the
    /// dialog layer answers with its ACK again if it belongs to a confirmed dialog, and drops otherwise (RFC 6026 §8.9
    /// asks that unmatched responses be discarded; this hands the decision to the layer that knows the dialogs).
    case stray2xxResponse(SIPMessage, source: SIPTransportAddress)
    /// A server transaction ended without the TU's response reaching the peer.
    case serverTransactionFailed(SIPServerTransactionID, Failure)
}
