public import SIPMessage
import SIPTransaction

/// An INVITE that started a new call, waiting to be answered, rejected or redirected.
public struct IncomingCall: Sendable {
    /// The INVITE as received (with `received`/`rport` stamped on its top Via).
    public let invite: SIPMessage
    /// Where it came from.
    public let source: SIPTransportAddress
    /// The diversion information in one vocabulary: from Diversion and from History-Info, oldest first each.
    public let redirectionsFromDiversion: [SIPRedirection]
    /// Redirections reported in History-Info.
    public let redirectionsFromHistoryInfo: [SIPRedirection]
    /// The SDP offer, if the INVITE carried one.
    public var offer: [UInt8] { invite.body }

    let handle: SIPServerTransactionHandle
    let agent: SIPUserAgent

    init(handle: SIPServerTransactionHandle, agent: SIPUserAgent) {
        self.handle = handle
        self.agent = agent
        self.invite = handle.request
        self.source = handle.source
        self.redirectionsFromDiversion = (try? handle.request.headers.redirectionsFromDiversion) ?? []
        self.redirectionsFromHistoryInfo = (try? handle.request.headers.redirectionsFromHistoryInfo) ?? []
    }

    /// The Call-ID, for logs.
    public var callID: String { (try? invite.headers.callID) ?? "?" }

    /// Sends 180 Ringing.
    public func ring() async {
        await agent.provisional(180, for: handle, sdp: nil)
    }

    /// Sends 183 Session Progress with SDP (early media).
    public func progress(sdp: [UInt8]) async {
        await agent.provisional(183, for: handle, sdp: sdp)
    }

    /// Answers with 200 OK and our SDP; the call is established when the ACK arrives or the 2xx has been sent
    /// (the ACK is awaited in the background; without it the call ends with `.ackTimeout`).
    public func answer(sdp: [UInt8]) async throws(SIPCallFailure) -> SIPCall {
        try await agent.answer(handle, sdp: sdp)
    }

    /// Rejects with a final status (486 busy, 403 forbidden, 488 with a Warning for SDP …).
    public func reject(_ status: Int, reasonPhrase: String? = nil, warning: (code: Int, text: String)? = nil) async {
        await agent.reject(handle, status: status, reasonPhrase: reasonPhrase, warning: warning)
    }

    /// Redirects with 302 Moved Temporarily to the given targets (the SRS role).
    public func redirect(to targets: [SIPURI]) async {
        await agent.redirect(handle, to: targets)
    }
}
