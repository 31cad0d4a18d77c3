public import SIPMessage

/// The transaction layer's way out to the network (RFC 3261 §18): the transport layer implements it.
///
/// The transaction layer never opens sockets; it hands each message with its destination to this protocol. For a
/// reliable transport the destination of a response is the source of the request, meaning the connection it came
/// on (§18.2.2). A thrown error is a transport error for the transaction that sent the message (§17.1.4, §17.2.4).
public protocol SIPMessageTransmitter: Sendable {
    /// Sends `message` to `destination`; throws when the transport cannot.
    func transmit(_ message: SIPMessage, to destination: SIPTransportAddress) async throws
}
