/// One negotiated codec: what the RTP side needs to packetize and what the PCM side needs to feed it.
///
/// Rates and frame lengths follow RFC 3551 §4.5 (and RFC 7587 for Opus). Payload type numbers are an SDP
/// matter and are deliberately not part of this value.
public struct AudioCodec: Sendable, Hashable {
    /// Which codec.
    public var kind: AudioCodecKind
    /// PCM rate the encoder consumes and the decoder produces: 8000 (G.711, G.729, GSM, G.723.1),
    /// 16000 (G.722), 48000 (Opus); L16 uses its clock rate.
    public var sampleRate: Int
    /// RTP timestamp rate: 8000 for G.722 (the RFC 3551 §4.5.2 quirk), 48000 for Opus.
    public var rtpClockRate: Int
    /// The step packet times come in, in milliseconds: 10 for G.729 and the sample-based codecs
    /// (G.711, G.722, L16), 20 GSM and Opus, 30 G.723.1.
    public var frameDuration: Int

    /// Creates a codec description from its parts; prefer the static conveniences or `init?(encodingName:…)`.
    public init(kind: AudioCodecKind, sampleRate: Int, rtpClockRate: Int, frameDuration: Int) {
        self.kind = kind
        self.sampleRate = sampleRate
        self.rtpClockRate = rtpClockRate
        self.frameDuration = frameDuration
    }

    /// Creates the codec an SDP `a=rtpmap:<pt> <encodingName>/<clockRate>[/<channels>]` line names.
    ///
    /// The name is matched case-insensitively. Returns nil for codecs, clock rates or channel counts Herald does
    /// not speak. Opus is always announced as `opus/48000/2` (RFC 7587 §7), so 1 or 2 channels are accepted and
    /// decoded to mono; every other codec must be mono.
    public init?(encodingName: String, clockRate: Int, channels: Int = 1) {
        switch (encodingName.lowercased(), clockRate, channels) {
        case ("pcmu", 8000, 1): self = .pcmu
        case ("pcma", 8000, 1): self = .pcma
        case ("g722", 8000, 1): self = .g722
        case ("g729", 8000, 1): self = .g729
        case ("gsm", 8000, 1): self = .gsm
        case ("g723", 8000, 1): self = .g723
        case ("opus", 48000, 1), ("opus", 48000, 2): self = .opus
        case ("l16", let rate, 1) where rate >= 8000 && rate <= 48000:
            self.init(kind: .l16, sampleRate: rate, rtpClockRate: rate, frameDuration: 10)
        default: return nil
        }
    }

    /// G.711 µ-law, 8 kHz; sample-based, so any multiple of 10 ms makes a packet (RFC 3551 §4.5).
    public static let pcmu = AudioCodec(kind: .pcmu, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 10)
    /// G.711 A-law, 8 kHz; sample-based like µ-law.
    public static let pcma = AudioCodec(kind: .pcma, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 10)
    /// G.722: 16 kHz audio, but an 8 kHz RTP clock because RFC 1890 got it wrong and RFC 3551 kept it.
    public static let g722 = AudioCodec(kind: .g722, sampleRate: 16000, rtpClockRate: 8000, frameDuration: 10)
    /// G.729, 10 ms frames of 10 bytes.
    public static let g729 = AudioCodec(kind: .g729, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 10)
    /// GSM 06.10, 20 ms frames of 33 bytes.
    public static let gsm = AudioCodec(kind: .gsm, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 20)
    /// G.723.1, 30 ms frames of 24 bytes (6.3 kbit/s).
    public static let g723 = AudioCodec(kind: .g723, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 30)
    /// Opus, 48 kHz mono, 20 ms frames.
    public static let opus = AudioCodec(kind: .opus, sampleRate: 48000, rtpClockRate: 48000, frameDuration: 20)
    /// L16 at 8 kHz mono (RFC 3551 defines no static payload type for it; useful for tests and recording).
    public static let l16 = AudioCodec(kind: .l16, sampleRate: 8000, rtpClockRate: 8000, frameDuration: 20)

    /// The number of PCM samples in `ms` milliseconds at `sampleRate`.
    public func samples(forMilliseconds ms: Int) -> Int { ms * sampleRate / 1000 }

    /// The RTP timestamp increment for `ms` milliseconds at `rtpClockRate`.
    public func rtpTimestampUnits(forMilliseconds ms: Int) -> Int { ms * rtpClockRate / 1000 }

    /// PCM samples in one codec frame.
    public var samplesPerFrame: Int { samples(forMilliseconds: frameDuration) }
}
