public import SIPMessage

/// What a client transaction tells the TU that sent the request (RFC 3261 §17.1), delivered on the stream
/// `SIPTransactionLayer.sendRequest(_:to:)` returns.
///
/// The stream finishes when no further event can come: after a non-2xx final response of an INVITE, after the final
/// response of any other request, after a timeout or transport error, and for an INVITE answered 2xx when Timer M
/// ends the Accepted state (RFC 6026 §7.2), so that a forked INVITE's every 2xx arrives.
public enum SIPClientTransactionEvent: Sendable, Equatable {
    /// A 1xx response.
    case provisional(SIPMessage)
    /// A final response; for an INVITE, every 2xx received in the Accepted state, retransmissions included: the TU
    /// acknowledges each (§13.2.2.4).
    case final(SIPMessage)
    /// Timer B (INVITE) or Timer F (non-INVITE) fired without a final response; the TU treats it as a 408 (§8.1.3.1).
    case timeout
    /// The transport could not send the request (§17.1.4); the TU treats it as a 503 (§8.1.3.1).
    case transportError(SIPTransactionError)
}
