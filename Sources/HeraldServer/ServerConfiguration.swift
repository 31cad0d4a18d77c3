import Codecs
import Foundation
import SIPMessage
import SIPTransport
import Yams

/// `herald serve --config FILE`: the production configuration, in YAML.
///
/// ```yaml
/// sip:
///   listen:
///     - { transport: udp, host: 0.0.0.0, port: 5060 }
///     - { transport: tcp, host: 0.0.0.0, port: 5060 }
///     - { transport: tls, host: 0.0.0.0, port: 5061 }
///   tls: { certificate: /etc/herald/tls/cert.pem, key: /etc/herald/tls/key.pem, ca: /etc/herald/tls/pbx-ca.pem }
/// media:
///   address: 10.0.0.5
///   advertised_address: 203.0.113.5
///   rtp_ports: 16384-32767
///   codecs: [g722, pcmu, pcma]
///   timeout_seconds: 60          # no RTP or RTCP from a caller for this long ends the call; 0 never
///   hold_timeout_seconds: 600    # a call on hold this long is ended; 0 never
/// http: { host: 127.0.0.1, port: 8080 }     # /metrics (Prometheus) and /health
/// data_directory: /var/lib/herald
/// store: sqlite:/var/lib/herald/herald.sqlite
/// log_level: info
/// ```
public enum ServerConfiguration {
    /// A configuration file that cannot be used, saying where and why.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The key (such as `sip.listen[1].port`) or file the problem is in.
        public var location: String
        /// What is wrong.
        public var reason: String

        /// `location: reason`.
        public var description: String { "\(location): \(reason)" }
    }

    /// The server options and log level a configuration file gives.
    public static func load(path: String) throws(Failure) -> (options: ServerOptions, logLevel: String) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(location: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text.
    public static func parse(_ text: String, file: String = "configuration") throws(Failure) -> (options: ServerOptions, logLevel: String) {
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch let error as DecodingError {
            throw Failure(location: file, reason: describe(error))
        } catch {
            throw Failure(location: file, reason: "not valid YAML: \(error)")
        }
        return try document.options()
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing".drop { $0 == "." }.description
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// The file's structure.
    struct Document: Decodable {
        struct SIP: Decodable {
            var listen: [Listen]
            var tls: TLS?
        }

        struct Listen: Decodable {
            var transport: String
            var host: String?
            var port: Int?
        }

        struct HTTP: Decodable {
            var host: String?
            var port: Int?
        }

        struct TLS: Decodable {
            var certificate: String
            var key: String
            var ca: String?
        }

        struct Media: Decodable {
            var address: String?
            var advertisedAddress: String?
            var rtpPorts: String?
            var codecs: [String]?
            var timeoutSeconds: Int?
            var holdTimeoutSeconds: Int?

            enum CodingKeys: String, CodingKey {
                case address, codecs
                case advertisedAddress = "advertised_address"
                case rtpPorts = "rtp_ports"
                case timeoutSeconds = "timeout_seconds"
                case holdTimeoutSeconds = "hold_timeout_seconds"
            }
        }

        var sip: SIP
        var media: Media?
        var http: HTTP?
        var dataDirectory: String
        var store: String?
        var logLevel: String?

        enum CodingKeys: String, CodingKey {
            case sip, media, store, http
            case dataDirectory = "data_directory"
            case logLevel = "log_level"
        }

        func options() throws(Failure) -> (options: ServerOptions, logLevel: String) {
            guard !sip.listen.isEmpty else { throw Failure(location: "sip.listen", reason: "at least one listener is needed") }
            var listeners: [ServerOptions.Listener] = []
            for (index, entry) in sip.listen.enumerated() {
                guard let transport = SIPTransportAddress.Transport(rawValue: entry.transport.uppercased()) else {
                    throw Failure(location: "sip.listen[\(index)].transport", reason: "'\(entry.transport)' is not udp, tcp or tls")
                }
                let port = entry.port ?? (transport == .tls ? 5061 : 5060)
                guard (0...65535).contains(port) else { throw Failure(location: "sip.listen[\(index)].port", reason: "\(port) is not a port") }
                listeners.append(ServerOptions.Listener(transport, host: entry.host ?? "0.0.0.0", port: port))
            }
            if listeners.contains(where: { $0.transport == .tls }), sip.tls == nil {
                throw Failure(location: "sip.tls", reason: "a TLS listener needs a certificate and key")
            }
            var rtpPorts = 16384...32767
            if let text = media?.rtpPorts {
                let bounds = text.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard bounds.count == 2, bounds[0] >= 1024, bounds[0] < bounds[1], bounds[1] <= 65535 else {
                    throw Failure(location: "media.rtp_ports", reason: "'\(text)' is not a range such as 16384-32767 (from 1024)")
                }
                rtpPorts = bounds[0]...bounds[1]
            }
            var codecs: [AudioCodecKind] = [.opus, .g722, .pcmu, .pcma, .g729, .gsm, .g723]
            if let names = media?.codecs {
                codecs = []
                for name in names {
                    guard let codec = AudioCodecKind(rawValue: name.lowercased()) else {
                        throw Failure(location: "media.codecs", reason: "unknown codec '\(name)' (pcmu, pcma, g722, g729, gsm, g723, opus, l16)")
                    }
                    codecs.append(codec)
                }
            }
            let mediaTimeout = try Self.timeout(media?.timeoutSeconds, default: 60, key: "media.timeout_seconds")
            let holdTimeout = try Self.timeout(media?.holdTimeoutSeconds, default: 600, key: "media.hold_timeout_seconds")
            var databasePath: String?
            if let store {
                guard store.hasPrefix("sqlite:") else {
                    throw Failure(location: "store", reason: "'\(store)' is not supported: use sqlite:/path/to/herald.sqlite")
                }
                databasePath = String(store.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: "/")
            }
            let level = logLevel ?? "info"
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
                throw Failure(location: "log_level", reason: "'\(level)' is not trace, debug, info, notice, warning or error")
            }
            let firstHost = listeners.first?.host ?? "0.0.0.0"
            let mediaAddress = media?.address ?? firstHost
            if ["0.0.0.0", "::"].contains(mediaAddress), media?.advertisedAddress == nil {
                throw Failure(location: "media.advertised_address", reason: "needed when media binds to a wildcard address (SDP must name a reachable one)")
            }
            var httpListener: ServerOptions.HTTPListener?
            if let http {
                let port = http.port ?? 8080
                guard (0...65535).contains(port) else { throw Failure(location: "http.port", reason: "\(port) is not a port") }
                httpListener = ServerOptions.HTTPListener(host: http.host ?? "127.0.0.1", port: port)
            }
            var options = ServerOptions(
                listeners: listeners, tls: sip.tls.map { ServerOptions.TLSFiles(certificate: $0.certificate, key: $0.key, trustRoots: $0.ca) },
                mediaAddress: mediaAddress, advertisedMediaAddress: media?.advertisedAddress, rtpPorts: rtpPorts,
                codecs: codecs, dataDirectory: dataDirectory, databasePath: databasePath, http: httpListener)
            options.mediaTimeout = mediaTimeout
            options.holdTimeout = holdTimeout
            return (options, level)
        }

        /// A timeout setting in seconds: 0 is off, at most a day.
        private static func timeout(_ seconds: Int?, default standard: Int, key: String) throws(Failure) -> Duration? {
            let seconds = seconds ?? standard
            guard (0...86_400).contains(seconds) else { throw Failure(location: key, reason: "\(seconds) is not 0 (off) to 86400 seconds") }
            return seconds == 0 ? nil : .seconds(seconds)
        }
    }
}
