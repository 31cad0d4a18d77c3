/// What we can do with media, and how we prefer it: the configuration RFC 3264 offer/answer
/// negotiates from.
///
/// It holds settings, not per-call resources: ports come from the media layer for each call
/// (`LocalStream`), and so does SRTP key material, because this target does no I/O and draws no
/// random numbers.
public struct MediaCapabilities: Sendable, Hashable {
    /// The codecs we can send and receive, most preferred first.
    public var codecs: [Codec]
    /// Whose preference order picks the codec when answering.
    public var codecSelection: CodecSelection
    /// RFC 4733 telephone-event support; `nil` to neither offer nor accept it.
    public var telephoneEvent: TelephoneEventSupport?
    /// Whether SRTP is off, offered where possible, or insisted on.
    public var srtp: SRTPPolicy
    /// The RFC 4568 crypto-suites we support, most preferred first.
    public var cryptoSuites: [CryptoSuite]
    /// Our T.38 fax relay parameters; `nil` when T.38 over UDPTL is not supported.
    public var t38: T38Attributes?
    /// The address we receive media on, for `c=` and `o=`.
    public var connectionAddress: ConnectionData
    /// The packet time we ask for (`a=ptime`) when the offer names none; `nil` to leave it out.
    public var packetTime: Int?
    /// Our `a=maxptime`; `nil` to leave it out.
    public var maximumPacketTime: Int?
    /// Whether we offer and accept RFC 5761 RTP/RTCP multiplexing on one port.
    public var rtcpMultiplexing: Bool
    /// The `o=` username; `-` when there is no user.
    public var username: String
    /// The `s=` session name; RFC 8866 §5.3 suggests `-` when there is nothing to say.
    public var sessionName: String

    /// Creates capabilities. The defaults are G.711 µ-law then A-law, telephone-event 0–15 on
    /// payload type 101, no SRTP, no T.38 and 20 ms packets.
    public init(
        codecs: [Codec] = [.pcmu, .pcma],
        codecSelection: CodecSelection = .localPreference,
        telephoneEvent: TelephoneEventSupport? = TelephoneEventSupport(),
        srtp: SRTPPolicy = .disabled,
        cryptoSuites: [CryptoSuite] = [.AES_CM_128_HMAC_SHA1_80, .AES_CM_128_HMAC_SHA1_32],
        t38: T38Attributes? = nil,
        connectionAddress: ConnectionData,
        packetTime: Int? = 20,
        maximumPacketTime: Int? = nil,
        rtcpMultiplexing: Bool = false,
        username: String = "-",
        sessionName: String = "-"
    ) {
        self.codecs = codecs
        self.codecSelection = codecSelection
        self.telephoneEvent = telephoneEvent
        self.srtp = srtp
        self.cryptoSuites = cryptoSuites
        self.t38 = t38
        self.connectionAddress = connectionAddress
        self.packetTime = packetTime
        self.maximumPacketTime = maximumPacketTime
        self.rtcpMultiplexing = rtcpMultiplexing
        self.username = username
        self.sessionName = sessionName
    }

    /// Whose codec order decides when answering an offer.
    public enum CodecSelection: Sendable, Hashable {
        /// The first of our codecs that the offer contains (RFC 3264 §6.1 lets the answerer choose).
        case localPreference
        /// The first offered format that we support: the offerer's order (RFC 3264 §5.1 says the
        /// offer lists formats in order of preference). In either mode, when the offer has
        /// telephone-event only on some clocks, formats on those clocks come first (keys before bandwidth).
        case offererPreference
    }

    /// Whether SRTP (RFC 3711, keyed by RFC 4568) is used.
    public enum SRTPPolicy: Sendable, Hashable {
        /// Plain RTP only: `RTP/SAVP` offers are rejected and `a=crypto` is ignored.
        case disabled
        /// Offers go out as `RTP/AVP` with `a=crypto` (RFC 8643 opportunistic SRTP); SRTP is
        /// used whenever the peer supplies a usable key, plain RTP otherwise.
        case optional
        /// Offers go out as `RTP/SAVP`; a stream without a usable `a=crypto` is rejected.
        case required
        /// For signalling that is not confidential, where anyone on the path reads the keys in the
        /// SDP (RFC 4568 §8.3). Offers go out plain, as with `.disabled`. `a=crypto` on an `RTP/AVP`
        /// offer is best effort (RFC 8643), so it is ignored and the call runs as plain RTP with none
        /// of our keys sent. An `RTP/SAVP` offerer insists on SRTP and has already sent its own key
        /// in clear: with `answeringSAVP` it gets SRTP, otherwise a 488 (warning 302).
        case clearSignalling(answeringSAVP: Bool)

        /// Whether our offers carry keys.
        var offersKeys: Bool {
            switch self {
            case .optional, .required: true
            case .disabled, .clearSignalling: false
            }
        }
    }

    /// RFC 4733 telephone-event support.
    public struct TelephoneEventSupport: Sendable, Hashable {
        /// The dynamic payload type we offer it on; answers use the offerer's.
        public var payloadType: Int
        /// The events we can receive, such as 0–15 (DTMF digits, `*`, `#`, A–D) or 0–16 (and flash).
        public var events: [ClosedRange<Int>]

        /// Creates telephone-event support.
        public init(payloadType: Int = 101, events: [ClosedRange<Int>] = [0...15]) {
            self.payloadType = payloadType
            self.events = events
        }
    }

    /// A codec we support, identified as RFC 8866 §6.6 does by encoding name, clock rate and channels.
    public struct Codec: Sendable, Hashable {
        /// The encoding name, compared without regard to case.
        public var encodingName: String
        /// The RTP clock rate.
        public var clockRate: Int
        /// The channel count.
        public var channels: Int
        /// Our `a=fmtp` parameters, such as `annexb=no` for G.729 without silence suppression.
        /// They describe what we receive, so they go into our offers and answers unchanged.
        public var formatParameters: String?
        /// The dynamic payload type to offer it on; ignored when RFC 3551 assigns a static one.
        public var dynamicPayloadType: Int?
        /// The codec's frame duration in milliseconds, which a packet time must be a multiple of;
        /// `nil` for sample-based codecs such as G.711.
        public var frameDuration: Int?

        /// Creates a codec.
        public init(
            encodingName: String, clockRate: Int, channels: Int = 1, formatParameters: String? = nil,
            dynamicPayloadType: Int? = nil, frameDuration: Int? = nil
        ) {
            self.encodingName = encodingName
            self.clockRate = clockRate
            self.channels = channels
            self.formatParameters = formatParameters
            self.dynamicPayloadType = dynamicPayloadType
            self.frameDuration = frameDuration
        }

        /// G.711 µ-law, static payload type 0.
        public static let pcmu = Codec(encodingName: "PCMU", clockRate: 8000)
        /// G.711 A-law, static payload type 8.
        public static let pcma = Codec(encodingName: "PCMA", clockRate: 8000)
        /// G.722, static payload type 9; its RTP clock is 8000 although it samples at 16 kHz
        /// (RFC 3551 §4.5.2).
        public static let g722 = Codec(encodingName: "G722", clockRate: 8000)
        /// G.723.1, static payload type 4, 30 ms frames.
        public static let g723 = Codec(encodingName: "G723", clockRate: 8000, frameDuration: 30)
        /// G.729, static payload type 18, 10 ms frames; `annexb=no` refuses Annex B silence
        /// suppression (RFC 4856), which is absent-means-yes.
        public static let g729 = Codec(encodingName: "G729", clockRate: 8000, formatParameters: "annexb=no", frameDuration: 10)
        /// GSM 06.10 full rate, static payload type 3, 20 ms frames.
        public static let gsm = Codec(encodingName: "GSM", clockRate: 8000, frameDuration: 20)

        /// The codec as an rtpmap on a payload type.
        public func rtpMap(payloadType: Int) -> RTPMap {
            RTPMap(payloadType: payloadType, encodingName: encodingName, clockRate: clockRate, channels: channels == 1 ? nil : channels)
        }

        /// Whether an rtpmap names this codec.
        public func matches(_ map: RTPMap) -> Bool {
            map.hasSameEncoding(as: rtpMap(payloadType: map.payloadType))
        }

        /// The RFC 3551 static payload type, if there is one.
        public var staticPayloadType: Int? {
            StaticPayloadTypes.payloadType(encodingName: encodingName, clockRate: clockRate, channels: channels)
        }

        /// The packet time to use for a wanted one: `wanted` when it is a whole number of frames,
        /// else the next whole number of frames above it.
        func packetTime(closestTo wanted: Int) -> Int {
            guard let frameDuration, frameDuration > 0 else { return wanted }
            return max(1, (wanted + frameDuration - 1) / frameDuration) * frameDuration
        }
    }
}
