/// An audio codec Herald can speak on RTP.
///
/// The raw values are the SDP `rtpmap` encoding names in lower case (RFC 3551 §6, RFC 7587 for Opus).
public enum AudioCodecKind: String, Sendable, Hashable, CaseIterable {
    /// G.711 µ-law (RFC 3551 "PCMU").
    case pcmu
    /// G.711 A-law (RFC 3551 "PCMA").
    case pcma
    /// G.722 sub-band ADPCM at 64 kbit/s, 16 kHz audio on an 8 kHz RTP clock.
    case g722
    /// G.729 CS-ACELP at 8 kbit/s, 10 ms frames (Annex B off).
    case g729
    /// GSM 06.10 full rate, 33-byte frames of 20 ms.
    case gsm
    /// G.723.1 at 6.3 kbit/s (sends) or 5.3 kbit/s (receives too), 30 ms frames.
    case g723
    /// Opus, 48 kHz mono, 20 ms frames, VoIP application with in-band FEC.
    case opus
    /// Linear 16-bit PCM in network byte order (RFC 3551 §4.5.11).
    case l16
}
