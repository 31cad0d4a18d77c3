/// RFC 5761 §4: tells RTCP from RTP on a port that carries both (`a=rtcp-mux`).
///
/// RTCP packet types 192–223 land, seen as an RTP header, on marker + payload type 64–95, which RFC 5761
/// keeps free of RTP payload types; so the second octet decides. (RFC 7983 demultiplexes STUN/DTLS first
/// by the first octet; that belongs to the transport, not here.)
public enum RTPDemultiplexer {
    /// Whether the datagram is RTCP: version 2 and a second octet in 192...223 (RFC 5761 §4).
    public static func isRTCP(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        guard let first = iterator.next(), let second = iterator.next() else { return false }
        return first >> 6 == 2 && (192...223).contains(second)
    }
}
