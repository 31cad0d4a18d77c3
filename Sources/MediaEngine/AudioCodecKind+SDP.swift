import Codecs
import SDP

extension AudioCodecKind {
    /// How the codec is announced in SDP.
    var sdpCodec: MediaCapabilities.Codec {
        switch self {
        case .pcmu: .pcmu
        case .pcma: .pcma
        case .g722: .g722
        case .g729: .g729
        case .gsm: .gsm
        case .g723: .g723
        // RFC 7587: always opus/48000/2 in SDP; we send mono and ask for in-band FEC so that
        // a lost packet is rebuilt from the next one instead of concealed.
        case .opus:
            MediaCapabilities.Codec(
                encodingName: "opus", clockRate: 48000, channels: 2, formatParameters: "useinbandfec=1",
                dynamicPayloadType: 111, frameDuration: 20)
        case .l16: MediaCapabilities.Codec(encodingName: "L16", clockRate: 8000, dynamicPayloadType: 112)
        }
    }
}
