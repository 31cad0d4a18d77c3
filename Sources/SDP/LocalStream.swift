/// The transport resources the media layer allocated for one of our streams: what SDP advertises
/// but cannot choose, since it opens no sockets and draws no random numbers.
public struct LocalStream: Sendable, Hashable {
    /// The port we receive RTP (or UDPTL) on.
    public var port: Int
    /// The port we receive RTCP on when it is not `port + 1`; advertised with RFC 3605 `a=rtcp`.
    public var rtcpPort: Int?
    /// Our SRTP master key followed by the master salt (30 bytes for the AES_CM_128 suites),
    /// freshly random per stream; `nil` when this stream cannot use SRTP.
    public var masterKeySalt: [UInt8]?

    /// Creates local stream resources.
    public init(port: Int, rtcpPort: Int? = nil, masterKeySalt: [UInt8]? = nil) {
        self.port = port
        self.rtcpPort = rtcpPort
        self.masterKeySalt = masterKeySalt
    }
}
