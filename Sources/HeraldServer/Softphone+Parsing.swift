public import Codecs
import Foundation
public import SIPMessage
public import SIPTransport

extension Softphone {
    /// Parses a call target: a SIP URI, or a bare number and host such as `5000@127.0.0.1`.
    public static func parseTarget(_ text: String) -> SIPURI? {
        let full = text.lowercased().hasPrefix("sip:") || text.lowercased().hasPrefix("sips:") ? text : "sip:" + text
        return try? SIPURI(parsing: full)
    }

    /// A transport by name.
    public static func transport(named name: String) -> SIPTransportAddress.Transport? {
        SIPTransportAddress.Transport(rawValue: name.uppercased())
    }

    /// A codec by its command-line name.
    public static func codec(named name: String) -> AudioCodecKind? {
        AudioCodecKind(rawValue: name.lowercased())
    }

    /// A duration written as `20s`, `500ms`, `1.5s` or `2m`.
    public static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return Double(text).map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }

    /// TLS settings from the command line. A TLS client still presents a certificate (some PBXs require
    /// one); without a CA the server's chain is accepted as is, as when testing against a self-signed demo.
    public static func tlsSettings(
        certificate: String?, key: String?, ca: String?, target: SIPURI, transport: SIPTransportAddress.Transport
    ) throws(Failure) -> SIPTLSConfiguration? {
        guard transport == .tls || target.transport == "tls" else { return nil }
        guard let certificate, let key else { throw .local("TLS needs --tls-certificate and --tls-key") }
        return SIPTLSConfiguration(
            certificateChainPath: certificate, privateKeyPath: key, trustRootsPath: ca, serverVerification: ca == nil ? .none : .chainOnly)
    }
}

extension Softphone.Options {
    /// The codec names `herald call --codec` accepts.
    public typealias Codec = AudioCodecKind
}
