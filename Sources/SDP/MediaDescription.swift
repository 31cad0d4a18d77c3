/// RFC 8866 §5.14 media description: an `m=` line and the `i=`, `c=`, `b=`, `k=` and `a=` lines
/// that follow it up to the next `m=` line.
///
/// ```
/// m=<media> <port>[/<number of ports>] <proto> <fmt> ...
/// m=audio 49170 RTP/AVP 0 8 101
/// m=image 49172 udptl t38
/// ```
/// A port of 0 marks a stream that is rejected or removed (RFC 3264 §6, §8.2). Attributes keep
/// their order; typed views over them are in `MediaDescription+Attributes.swift`.
public struct MediaDescription: Sendable, Hashable {
    /// The media type: `audio`, `video`, `text`, `application`, `message` or `image`.
    public var media: String
    /// The transport port; 0 for a rejected or removed stream.
    public var port: Int
    /// The number of ports (`/2` after the port) for layered encodings; `nil` when not written.
    public var numberOfPorts: Int?
    /// The transport protocol, such as `RTP/AVP`, `RTP/SAVP` or `udptl`.
    public var proto: String
    /// The media formats: RTP payload type numbers for RTP, `t38` for UDPTL.
    public var formats: [String]
    /// The media title (`i=`).
    public var information: String?
    /// The connection data (`c=`) that overrides the session-level one; usually zero or one.
    public var connections: [ConnectionData]
    /// The bandwidth lines (`b=`).
    public var bandwidths: [Bandwidth]
    /// The obsolete encryption key line (`k=`), kept as written.
    public var encryptionKey: String?
    /// The media-level attributes, in order.
    public var attributes: [SDPAttribute]

    /// Creates a media description.
    public init(
        media: String, port: Int, numberOfPorts: Int? = nil, proto: String, formats: [String],
        information: String? = nil, connections: [ConnectionData] = [], bandwidths: [Bandwidth] = [],
        encryptionKey: String? = nil, attributes: [SDPAttribute] = []
    ) {
        self.media = media
        self.port = port
        self.numberOfPorts = numberOfPorts
        self.proto = proto
        self.formats = formats
        self.information = information
        self.connections = connections
        self.bandwidths = bandwidths
        self.encryptionKey = encryptionKey
        self.attributes = attributes
    }

    /// Whether the port is 0: the stream is rejected (in an answer) or removed (in an offer).
    public var isRejected: Bool { port == 0 }

    /// Whether the media type is `audio` (compared without regard to case).
    public var isAudio: Bool { media.caseInsensitiveEquals("audio") }

    /// Whether this is a T.38 fax relay stream over UDPTL: `m=image <port> udptl t38`.
    public var isT38OverUDPTL: Bool {
        media.caseInsensitiveEquals("image") && proto.caseInsensitiveEquals("udptl")
            && formats.contains { $0.caseInsensitiveEquals("t38") }
    }

    /// Whether the transport is RTP with the AVP family of profiles (`RTP/AVP`, `RTP/SAVP`,
    /// `RTP/AVPF`, `RTP/SAVPF`).
    public var isRTP: Bool {
        ["RTP/AVP", "RTP/SAVP", "RTP/AVPF", "RTP/SAVPF"].contains { proto.caseInsensitiveEquals($0) }
    }

    /// Whether the transport is SRTP (`RTP/SAVP` or `RTP/SAVPF`, RFC 3711).
    public var isSecureRTP: Bool {
        proto.caseInsensitiveEquals("RTP/SAVP") || proto.caseInsensitiveEquals("RTP/SAVPF")
    }

    /// The formats read as RTP payload type numbers; formats that are not numbers are skipped.
    public var payloadTypes: [Int] {
        formats.compactMap { parseInt($0) }
    }
}
