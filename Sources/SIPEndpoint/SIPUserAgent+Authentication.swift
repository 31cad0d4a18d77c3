import SIPDialog
import SIPMessage
import SIPTransaction

extension SIPUserAgent {
    /// The challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate).
    func challenges(in response: SIPMessage) -> [SIPAuthorization] {
        let name: SIPHeaderName = response.statusCode == 407 ? .proxyAuthenticate : .wwwAuthenticate
        return (try? response.headers.authorizations(name)) ?? []
    }

    /// The request again with credentials for the challenge (RFC 3261 §22.2, RFC 8760), a new branch and the next
    /// CSeq; nil when we have no credentials for the realm or the challenge is unusable.
    func authorize(_ request: SIPMessage, challenge response: SIPMessage) -> SIPMessage? {
        let offered = challenges(in: response)
        guard let realm = offered.first?.realm, let method = request.method, let uri = request.requestURI,
              let credentials = configuration.credentials?(realm),
              let cseq = try? request.headers.cseq, let via = try? request.headers.topVia else { return nil }
        var client = DigestClient(username: credentials.username, secret: .password(credentials.password))
        guard let authorization = try? client.authorization(for: offered, method: method, uri: uri.serialized, body: request.body) else {
            return nil
        }
        var retried = request
        retried.headers.set(.cseq, SIPCSeq(cseq.sequence + 1, method).description)
        var newVia = via
        newVia.parameters.set("branch", SIPVia.magicCookie + SIPResponseFactory.makeTag() + SIPResponseFactory.makeTag())
        retried.headers.set(.via, newVia.serialized)
        retried.headers.append(response.statusCode == 407 ? .proxyAuthorization : .authorization, authorization.description)
        return retried
    }
}
