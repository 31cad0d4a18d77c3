/// What a `JitterBuffer` hands to the decoder, in playout order.
public enum JitterBufferOutput: Sendable, Hashable {
    /// The next packet to decode.
    case packet(RTPPacket)
    /// Media that never arrived (or arrived too late), in timestamp units: the decoder conceals this much
    /// (packet-loss concealment, or silence for a long gap such as DTX between talk spurts).
    case lost(timestampUnits: Int)
    /// Time the sender filled with packets that carry no audio (RFC 4733 telephone events share the stream's
    /// sequence numbers): play silence, nothing was lost.
    case silence(timestampUnits: Int)
}
