public import SIPMessage

/// Something that arrived on a transport, for the layer above.
public enum SIPTransportEvent: Sendable {
    /// A message that parsed, with where it came from and which local socket received it.
    case message(SIPMessage, source: SIPTransportAddress, local: SIPTransportAddress)
    /// Bytes that did not parse. For a datagram the source gets no answer (there is nothing reliable to answer to);
    /// on a stream the connection has been closed, since it cannot be resynchronised.
    case malformed(SIPMessageError, source: SIPTransportAddress)
    /// A message over the configured limits that still parsed within the hard ceiling: the layer above answers it
    /// with the error's status (513, or 413 for a body) instead of processing it.
    case oversized(SIPMessage, SIPMessageError, source: SIPTransportAddress)
}
