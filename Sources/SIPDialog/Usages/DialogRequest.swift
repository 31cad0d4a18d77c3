public import SIPMessage

/// A request a dialog usage asks its driver to send inside the dialog (RFC 3261 §12.2.1.1): the method, the header
/// fields and body the usage needs, and nothing the dialog or the transport owns (Via, CSeq, From/To, Route).
///
/// The usage machines stay pure — no branch parameters to draw, no dialog to own — so they describe the request and
/// the driver builds it at send time with `make(in:via:contact:)`, which calls `Dialog.makeRequest` and so gives the
/// request the dialog's next CSeq and its route set. The driver may add to `headers` or `body` first (an SDP answer in
/// a PRACK, say).
public struct DialogRequest: Sendable, Equatable {
    /// The request method (NOTIFY, SUBSCRIBE, PRACK …).
    public var method: SIPMethod
    /// Header fields the usage needs (Event, Subscription-State, RAck …), in order.
    public var headers: [SIPHeaderField]
    /// The body; empty for none.
    public var body: [UInt8]
    /// The body's type; nil when there is no body.
    public var contentType: SIPMediaType?

    /// Describes a request.
    public init(_ method: SIPMethod, headers: [SIPHeaderField] = [], body: [UInt8] = [], contentType: SIPMediaType? = nil) {
        self.method = method
        self.headers = headers
        self.body = body
        self.contentType = contentType
    }

    /// Builds the full request in `dialog` (RFC 3261 §12.2.1.1) with the driver's fresh `via`, taking the next CSeq.
    public func make(in dialog: inout Dialog, via: SIPVia, contact: SIPURI?) -> SIPMessage {
        dialog.makeRequest(method, via: via, contact: contact, body: body, contentType: contentType, extraHeaders: headers)
    }
}
