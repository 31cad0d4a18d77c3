public import Codecs

/// What an operator can tune in the media engine: where RTP lives, which codecs it prefers, how it records.
public struct MediaEngineConfiguration: Sendable {
    /// The address RTP sockets bind to, such as `127.0.0.1` or `0.0.0.0`.
    public var bindAddress: String
    /// The address written into SDP `c=` lines; the bind address when `nil` (it must not be a wildcard then).
    public var advertisedAddress: String?
    /// The UDP ports RTP and RTCP may use. RTP takes an even port and RTCP the odd one above it (RFC 3550 §11).
    public var portRange: ClosedRange<Int>
    /// Codecs in order of preference when answering. The default puts the best quality first; a site
    /// whose gateways are bandwidth-starved (the seed's CS 1000 case) can put `.g723` first.
    public var codecPreference: [AudioCodecKind]
    /// The packet time we send and ask for, in milliseconds.
    public var packetTime: Int
    /// The RFC 4733 payload type we offer telephone-event on.
    public var telephoneEventPayloadType: Int
    /// Whether DTMF tones in the audio are detected (for gateways that do not send RFC 4733 events).
    /// In-band detection stops on a stream as soon as it carries an RFC 4733 event, so a peer that
    /// sends both is never heard twice.
    public var inbandDTMF: Bool
    /// How long after media starts fax tones (CNG, CED) are listened for; `nil` listens for the whole call.
    /// A fax machine announces itself when the call connects, and the detector is the costliest
    /// per-packet work after decoding, so by default it stops after the first 30 s.
    public var faxToneDetectionWindow: Duration?
    /// The smallest and largest delay the recording jitter buffer may adapt to.
    public var jitterBufferDelay: ClosedRange<Duration>
    /// How often recorded audio leaves memory for the file (what a process crash can lose at most).
    public var recordingWriteInterval: Duration
    /// How often recorded audio is forced to stable storage with fsync (what a power loss can lose at most).
    public var recordingSyncInterval: Duration
    /// Threads that write and fsync recordings. fsync waits on the disk, so a few threads keep a
    /// thousand recordings synced every second where one would queue them.
    public var recordingIOThreads = 4
    /// How long a peer in a two-way call (`sendrecv`) may send neither RTP nor RTCP before
    /// `MediaSession.waitForMediaTimeout()` reports its media gone — a far end that vanished without
    /// a BYE; `nil` never does. A hold (`sendonly`, `recvonly`, `inactive`) stops the clock.
    public var mediaTimeout: Duration? = .seconds(60)
    /// How long a stream may stay other than `sendrecv` — a hold, or a call that started one-way, which
    /// the media timeout does not watch — before `waitForMediaTimeout()` reports it: a caller who put
    /// Herald on hold and never came back; `nil` never does.
    public var holdTimeout: Duration? = .seconds(600)
    /// The mean interval between our RTCP reports (RFC 3550 §6.2 recommends 5 s as the minimum).
    public var rtcpInterval: Duration
    /// How calls we place over TLS offer SRTP. Over TLS, answers follow the offer: SRTP whenever
    /// the peer offers a key we support.
    public var secureOffer: SecureOfferStyle
    /// Whether an offer that insists on SRTP over clear signalling (UDP or TCP) gets it; an
    /// `RTP/AVP` offer with keys is answered with plain RTP either way, so no key of ours leaves in clear.
    public var clearSignallingSRTP: ClearSignallingSRTP = .whenRequired

    /// How an offer made over TLS signalling carries SRTP.
    public enum SecureOfferStyle: Sendable, Hashable {
        /// `RTP/SAVP` with keys: the peer must do SRTP or refuse the call (488), as in Exchange UM's
        /// "SIP secured" mode. The default: a TLS call should not fall back to clear media silently.
        case mandatory
        /// `RTP/AVP` with keys (RFC 8643 opportunistic SRTP): encrypted when the peer understands the
        /// keys, clear otherwise.
        case opportunistic
    }

    /// What an `RTP/SAVP` offer gets when the call's SIP is not over TLS. SDES keys are readable by
    /// anyone who sees that SIP (RFC 4568 §8.3), and the offerer has already sent its own.
    public enum ClearSignallingSRTP: Sendable, Hashable {
        /// SRTP with our key, in clear too, since refusing would fail the call; a notice is logged
        /// once per call. The default: such media is still safe from anyone not on the SIP path.
        case whenRequired
        /// A 488 whose Warning says SRTP keys are refused on clear signalling.
        case never
    }

    /// Creates a configuration; the defaults suit a UM server on one host.
    public init(
        bindAddress: String = "127.0.0.1",
        advertisedAddress: String? = nil,
        portRange: ClosedRange<Int> = 16384...32767,
        codecPreference: [AudioCodecKind] = [.opus, .g722, .pcmu, .pcma, .g729, .gsm, .g723],
        packetTime: Int = 20,
        telephoneEventPayloadType: Int = 101,
        inbandDTMF: Bool = true,
        faxToneDetectionWindow: Duration? = .seconds(30),
        jitterBufferDelay: ClosedRange<Duration> = .milliseconds(40) ... .milliseconds(400),
        recordingWriteInterval: Duration = .milliseconds(200),
        recordingSyncInterval: Duration = .seconds(1),
        rtcpInterval: Duration = .seconds(5),
        secureOffer: SecureOfferStyle = .mandatory
    ) {
        self.bindAddress = bindAddress
        self.advertisedAddress = advertisedAddress
        self.portRange = portRange
        self.codecPreference = codecPreference
        self.packetTime = packetTime
        self.telephoneEventPayloadType = telephoneEventPayloadType
        self.inbandDTMF = inbandDTMF
        self.faxToneDetectionWindow = faxToneDetectionWindow
        self.jitterBufferDelay = jitterBufferDelay
        self.recordingWriteInterval = recordingWriteInterval
        self.recordingSyncInterval = recordingSyncInterval
        self.rtcpInterval = rtcpInterval
        self.secureOffer = secureOffer
    }
}
