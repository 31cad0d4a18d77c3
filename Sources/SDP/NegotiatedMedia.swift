/// The outcome of RFC 3264 offer/answer for one accepted stream: everything the media layer needs
/// to run it, seen from our side.
public struct NegotiatedMedia: Sendable, Hashable {
    /// The position of the stream's m-line in the offer and the answer.
    public var mediaIndex: Int
    /// The media type: `audio` or `image`.
    public var media: String
    /// The transport protocol, such as `RTP/AVP`, `RTP/SAVP` or `udptl`.
    public var proto: String
    /// The codec we send and receive: payload type, encoding name, clock rate and channels.
    /// `nil` for T.38.
    public var codec: RTPMap?
    /// The peer's `a=fmtp` for the codec: limits on what we may send it, such as `annexb=no`.
    public var remoteFormatParameters: FormatParameters?
    /// The RFC 4733 telephone-event payload type and clock, when both sides support it.
    public var telephoneEvent: RTPMap?
    /// The packet time in milliseconds, when one was negotiated.
    public var packetTime: Int?
    /// Our port for the stream.
    public var localPort: Int
    /// Where to send media: the peer's connection data for the stream.
    public var remoteConnection: ConnectionData
    /// The peer's RTP (or UDPTL) port.
    public var remotePort: Int
    /// Where to send RTCP: RFC 3605 `a=rtcp` if given, else the RTP port (multiplexed) or the RTP
    /// port plus one (RFC 3550 §11). UDPTL has no RTCP; for T.38 it is the port plus one and unused.
    public var remoteRTCPPort: Int
    /// The address for RTCP, the media address unless `a=rtcp` names another.
    public var remoteRTCPConnection: ConnectionData
    /// Whether RTP and RTCP share one port (RFC 5761).
    public var rtcpMultiplexing: Bool
    /// What we may do: `sendonly` when the peer holds us, `recvonly` when we hold it, and so on.
    public var direction: MediaDirection
    /// The SRTP keys, when the stream is SRTP.
    public var srtp: SRTP?
    /// For T.38: the negotiated parameters, with `maxBuffer` and `maxDatagram` being the peer's —
    /// the limits our sender must respect.
    public var t38: T38Attributes?

    /// Creates negotiated media.
    public init(
        mediaIndex: Int, media: String, proto: String, codec: RTPMap? = nil,
        remoteFormatParameters: FormatParameters? = nil, telephoneEvent: RTPMap? = nil,
        packetTime: Int? = nil, localPort: Int, remoteConnection: ConnectionData, remotePort: Int,
        remoteRTCPPort: Int, remoteRTCPConnection: ConnectionData, rtcpMultiplexing: Bool = false,
        direction: MediaDirection, srtp: SRTP? = nil, t38: T38Attributes? = nil
    ) {
        self.mediaIndex = mediaIndex
        self.media = media
        self.proto = proto
        self.codec = codec
        self.remoteFormatParameters = remoteFormatParameters
        self.telephoneEvent = telephoneEvent
        self.packetTime = packetTime
        self.localPort = localPort
        self.remoteConnection = remoteConnection
        self.remotePort = remotePort
        self.remoteRTCPPort = remoteRTCPPort
        self.remoteRTCPConnection = remoteRTCPConnection
        self.rtcpMultiplexing = rtcpMultiplexing
        self.direction = direction
        self.srtp = srtp
        self.t38 = t38
    }

    /// The RFC 4568 keys of an SRTP stream: ours protects what we send, the peer's what we receive.
    public struct SRTP: Sendable, Hashable, CustomStringConvertible {
        /// The crypto-suite both sides use.
        public var suite: CryptoSuite
        /// Our crypto attribute, with our master key and salt.
        public var local: CryptoAttribute
        /// The peer's crypto attribute, with its master key, lifetime, MKI and session parameters.
        public var remote: CryptoAttribute

        /// Creates SRTP parameters.
        public init(suite: CryptoSuite, local: CryptoAttribute, remote: CryptoAttribute) {
            self.suite = suite
            self.local = local
            self.remote = remote
        }

        /// The suite and tags, never the keys.
        public var description: String { "SRTP(\(suite), local: \(local), remote: \(remote))" }
    }
}
