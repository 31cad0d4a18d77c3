public import SIPMessage

/// Something that arrived on a transport, for the layer above.
public enum SIPTransportEvent: Sendable {
    /// A message that parsed, with where it came from and which local socket received it.
    case message(SIPMessage, source: SIPTransportAddress, local: SIPTransportAddress)
    /// Bytes that did not parse. For a datagram the source gets no answer (there is nothing reliable to answer to);
    /// on a stream the connection has been closed, since it cannot be resynchronised.
    case malformed(SIPMessageError, source: SIPTransportAddress)
}
