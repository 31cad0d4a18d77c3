public import SIPMessage

extension Dialog {
    /// Creates the subscriber's dialog from the NOTIFY that established it, when the NOTIFY beats the SUBSCRIBE's 2xx
    /// (RFC 6665 §4.1.2.4): the remote tag, target and route set come from the NOTIFY, the local side from our SUBSCRIBE.
    ///
    /// As the NOTIFY's UAS we take its Record-Route in order (RFC 3261 §12.1.1), and our next CSeq follows the
    /// SUBSCRIBE's.
    public init(subscriberFor subscribe: SIPMessage, notify: SIPMessage, secure: Bool = false) throws(DialogError) {
        var headers = SIPHeaders()
        do throws(SIPMessageError) {
            let notifier = try notify.headers.from
            headers.append(.to, notifier.serialized)
            for field in notify.headers.all(.contact) { headers.append(field) }
            // `init(uacFor:response:)` reverses the response's Record-Route; reverse it first to keep the NOTIFY's order.
            for route in try notify.headers.recordRoute.reversed() { headers.append(.recordRoute, route.serialized) }
        } catch {
            throw DialogError.malformed(error)
        }
        // Stands for the 2xx that has not arrived: only the fields the dialog is built from.
        try self.init(uacFor: subscribe, response: SIPMessage.response(200, headers: headers), secure: secure)
    }
}
