public import SIPMessage

/// A request the TU must answer, bound to its server transaction (RFC 3261 §17.2).
///
/// The TU answers through `respond(_:)`, which runs the response through the transaction: retransmissions of the
/// request are then answered by the transaction, and a non-2xx is retransmitted until its ACK. The handle is a value
/// and may be kept (by a dialog, say) for as long as the TU likes; once the transaction has ended, `respond` returns
/// false.
public struct SIPServerTransactionHandle: Sendable {
    /// The server transaction's identifier.
    public let id: SIPServerTransactionID
    /// The request, with `received`/`rport` stamped on its top Via (§18.2.1), so that responses built from it route.
    public let request: SIPMessage
    /// Where the request came from: for a reliable transport, the connection.
    public let source: SIPTransportAddress
    /// A To tag the layer chose for this request; `makeResponse` uses it, and the layer's own 200 to a CANCEL uses it
    /// when the TU has not sent a tagged response yet, so that both carry the same tag (§9.2 SHOULD).
    public let localTag: String
    let layer: SIPTransactionLayer
    let serial: UInt64

    /// Passes a response to the server transaction for sending; false when the transaction no longer exists or
    /// sent nothing (a provisional response after the final one, say).
    @discardableResult
    public func respond(_ response: SIPMessage) async -> Bool {
        await layer.respond(response, to: id, serial: serial)
    }

    /// A response to the request (§8.2.6.2) carrying `localTag` as To tag unless the request had one or it is a 100.
    public func makeResponse(_ statusCode: Int, reasonPhrase: String? = nil) -> SIPMessage {
        SIPResponseFactory.response(to: request, statusCode: statusCode, reasonPhrase: reasonPhrase, toTag: statusCode == 100 ? nil : localTag)
    }
}
