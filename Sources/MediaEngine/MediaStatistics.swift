public import Codecs
import NIOCore
import RTP

/// What happened on a call's media so far, for logs, metrics and tests.
public struct MediaStatistics: Sendable, Hashable {
    /// The codec in use.
    public var codec: AudioCodecKind?
    /// Whether the stream is SRTP.
    public var secure: Bool
    /// RTP packets sent.
    public var packetsSent: Int
    /// RTP packets of the negotiated codec received and accepted.
    public var packetsReceived: Int
    /// Packets lost on the way in (RFC 3550 A.3).
    public var packetsLost: Int
    /// Interarrival jitter in milliseconds (RFC 3550 A.8).
    public var jitterMilliseconds: Double
    /// Packets the jitter buffer dropped as duplicates or too late.
    public var packetsDiscarded: Int
    /// Audio the decoder had to make up for lost or late packets, in milliseconds.
    public var concealedMilliseconds: Int
    /// Packets refused because SRTP authentication failed.
    public var authenticationFailures: Int
    /// Datagrams that were not valid RTP or RTCP.
    public var malformedPackets: Int
    /// Packets from a source the stream was not latched to (another sender, or one not yet learnt).
    public var foreignSourcePackets: Int
    /// Packets with a payload type that was not negotiated.
    public var unexpectedPayloadTypePackets: Int
    /// The loss fraction (0…1) the peer reported for our stream in its last RTCP report.
    public var remoteFractionLost: Double?
    /// Where media is being sent (after symmetric-RTP latching).
    public var remoteAddress: String?
    /// How long the session has existed when these figures were read (on its event loop).
    public var uptime: Duration
}

extension MediaSessionCore {
    /// The statistics now.
    func statistics() -> MediaStatistics {
        let buffer = jitterBuffer?.statistics
        return MediaStatistics(
            codec: setup?.codec.kind, secure: outboundSRTP != nil, packetsSent: packetsSent,
            packetsReceived: reception?.packetsReceived ?? 0, packetsLost: reception?.cumulativeLost ?? 0,
            jitterMilliseconds: reception?.jitterMilliseconds ?? 0,
            packetsDiscarded: (buffer?.duplicates ?? 0) + (buffer?.late ?? 0),
            concealedMilliseconds: setup.map { (buffer?.concealedUnits ?? 0) * 1000 / $0.codec.rtpClockRate } ?? 0,
            authenticationFailures: counters.authenticationFailures, malformedPackets: counters.malformed,
            foreignSourcePackets: counters.foreignSource, unexpectedPayloadTypePackets: counters.unexpectedPayloadType,
            remoteFractionLost: remoteReport.map { Double($0.fractionLost) / 256 },
            remoteAddress: setup.map { "\($0.remoteRTP)" }, uptime: elapsed(loop.now))
    }
}
