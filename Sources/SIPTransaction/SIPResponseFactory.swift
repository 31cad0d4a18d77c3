public import SIPMessage

/// Builds responses the way a UAS must (RFC 3261 §8.2.6): the layer's own 100, 200-to-CANCEL, 481, 482 and 503, and
/// a starting point for the TU's.
public enum SIPResponseFactory {
    /// A response to `request` (§8.2.6.2): every Via in order, From, To, Call-ID and CSeq copied, a To tag added when
    /// the request's To has none and `toTag` is given, Timestamp echoed in a 100 (§8.2.6.1), and an empty body.
    ///
    /// Copied fields keep their bytes, so the Via values (with the `received`/`rport` the layer stamped) go back
    /// exactly as the request carried them. A To header that does not parse is copied unchanged rather than tagged.
    public static func response(to request: SIPMessage, statusCode: Int, reasonPhrase: String? = nil, toTag: String? = nil) -> SIPMessage {
        var headers = SIPHeaders()
        for field in request.headers where field.name == .via { headers.append(field) }
        if let from = request.headers.first(.from) { headers.append(from) }
        if let to = request.headers.first(.to) {
            if let toTag, var address = try? request.headers.to, address.tag == nil {
                address.tag = toTag
                headers.append(.to, address.serialized)
            } else {
                headers.append(to)
            }
        }
        if let callID = request.headers.first(.callID) { headers.append(callID) }
        if let cseq = request.headers.first(.cseq) { headers.append(cseq) }
        if statusCode == 100, let timestamp = request.headers.first(.timestamp) { headers.append(timestamp) }
        headers.append(.contentLength, "0")
        return .response(statusCode, reasonPhrase, headers: headers)
    }

    /// A random tag for the To header of a response (RFC 3261 §19.3: at least 32 bits of randomness).
    public static func makeTag() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36)
    }
}
