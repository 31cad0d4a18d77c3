extension SIPMessage {
    /// The checks an element makes before processing a message (RFC 3261 §8.1.1, §8.2, §16.3, §7.3.1):
    /// mandatory headers present and well-formed, single-value headers not repeated, CSeq method matching the
    /// request method, CSeq below 2^31, Max-Forwards at most 255, a Content-Type for a non-empty body,
    /// a Request-URI scheme we serve, and every typed header Herald knows parsing cleanly.
    public func validate() throws(SIPMessageError) {
        if case .request(_, let uri, _) = startLine {
            if case .other(let scheme) = uri.scheme {
                throw SIPMessageError(.unsupportedURIScheme, "unsupported URI scheme '\(scheme)'", line: 1, header: "Request-URI")
            }
            // RFC 3261 §19.1.1 table: URI headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
            guard uri.headers.isEmpty else {
                throw SIPMessageError(.syntax, "headers are not allowed in a Request-URI", line: 1, header: "Request-URI")
            }
        }

        for name in SIPHeaderName.singleValued where headers.count(of: name) > 1 {
            let second = headers.all(name)[1]
            throw SIPMessageError(.repeatedHeader, "\(name.canonical) may appear only once", line: second.lineNumber, header: name.canonical)
        }

        let vias = try headers.via
        guard !vias.isEmpty else { throw SIPMessageError(.missingHeader, "missing Via header", header: "Via") }
        _ = try headers.from
        _ = try headers.to
        _ = try headers.callID
        let cseq = try headers.cseq
        // Max-Forwards is checked for range but not required: RFC 2543 elements omit it (RFC 4475 §3.4.1).
        _ = try headers.maxForwards

        if let method {
            guard cseq.method == method else {
                throw SIPMessageError(.inconsistent, "CSeq method \(cseq.method) does not match request method \(method)", header: "CSeq")
            }
        }

        if let length = try headers.contentLength, length != body.count {
            throw SIPMessageError(.inconsistent, "Content-Length \(length) does not match body of \(body.count) bytes", header: "Content-Length")
        }
        if !body.isEmpty, try headers.contentType == nil {
            throw SIPMessageError(.missingHeader, "a message with a body needs a Content-Type", header: "Content-Type")
        }

        _ = try headers.contact
        _ = try headers.date
        _ = try headers.route
        _ = try headers.recordRoute
        _ = try headers.require
        _ = try headers.proxyRequire
        _ = try headers.supported
        _ = try headers.unsupported
        _ = try headers.allow
        _ = try headers.expires
        _ = try headers.diversion
        _ = try headers.historyInfo
        _ = try headers.pAssertedIdentity
        _ = try headers.event
        _ = try headers.subscriptionState
        _ = try headers.referTo
        _ = try headers.referredBy
        _ = try headers.replaces
        _ = try headers.sessionExpires
        _ = try headers.minSE
        for name in [SIPHeaderName.authorization, .proxyAuthorization, .wwwAuthenticate, .proxyAuthenticate] {
            _ = try headers.authorizations(name)
        }
    }
}
