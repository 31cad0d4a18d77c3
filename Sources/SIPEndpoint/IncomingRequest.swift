public import SIPMessage
import SIPTransaction

/// An out-of-dialog request the application answers itself: an unsolicited NOTIFY of an event package the user
/// agent was configured to deliver (`SIPUserAgentConfiguration.deliveredEventPackages`), such as message waiting.
public struct IncomingRequest: Sendable {
    /// The request as received.
    public let request: SIPMessage
    /// Where it came from.
    public let source: SIPTransportAddress

    let handle: SIPServerTransactionHandle
    let agent: SIPUserAgent

    init(handle: SIPServerTransactionHandle, agent: SIPUserAgent) {
        self.handle = handle
        self.agent = agent
        request = handle.request
        source = handle.source
    }

    /// Sends the final response.
    public func respond(_ status: Int) async {
        await agent.reply(handle, status)
    }
}
