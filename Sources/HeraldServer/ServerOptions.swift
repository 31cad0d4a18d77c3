public import Codecs
import Foundation
import SIPMessage
public import SIPTransport

/// What `herald serve` runs: where it listens, how its media behaves, and where its data lives.
public struct ServerOptions: Sendable {
    /// One SIP listener: the transport layer's own description.
    public typealias Listener = SIPTransportConfiguration.Listener

    /// The certificate files of the TLS listener; the demo makes a self-signed pair when none are given.
    public struct TLSFiles: Sendable, Hashable {
        /// The certificate chain (PEM).
        public var certificate: String
        /// The private key (PEM).
        public var key: String
        /// CAs trusted for peers' certificates (PEM), when they are checked.
        public var trustRoots: String?

        /// Creates TLS file settings.
        public init(certificate: String, key: String, trustRoots: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.trustRoots = trustRoots
        }
    }

    /// The SIP listeners.
    public var listeners: [Listener]
    /// The TLS files; `nil` with a TLS listener means the self-signed demo certificate.
    public var tls: TLSFiles?
    /// The address RTP binds to.
    public var mediaAddress: String
    /// The address written into SDP, when the bind address is not reachable as is (NAT, wildcard).
    public var advertisedMediaAddress: String?
    /// The RTP port range.
    public var rtpPorts: ClosedRange<Int>
    /// Codecs in order of preference.
    public var codecs: [AudioCodecKind]
    /// How long a caller that should be sending may send no RTP or RTCP before the call is ended (its side vanished
    /// without a BYE); `nil` never.
    public var mediaTimeout: Duration? = .seconds(60)
    /// How long a call may stay on hold before it is ended (a caller who never came back); `nil` never.
    public var holdTimeout: Duration? = .seconds(600)
    /// The data directory: prompts, the demo's certificate, and the database unless `databasePath` says otherwise.
    public var dataDirectory: String
    /// The SQLite database file.
    public var databasePath: String
    /// How long calls in progress may go on after a shutdown request.
    public var shutdownGrace: Duration
    /// Where the HTTP port (`/metrics`, `/health`) listens; `nil` for none.
    public var http: HTTPListener?
    /// Whether the server may run without its HTTP port when the port is taken (the demo: a busy 8080 on a
    /// laptop should not stop someone trying Herald); a configured port that cannot be opened stops the server.
    public var httpOptional = false

    /// The address of the HTTP port.
    public struct HTTPListener: Sendable, Hashable {
        /// The address to bind.
        public var host: String
        /// The port (0 picks a free one).
        public var port: Int

        /// Creates an HTTP listener setting.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Creates options.
    public init(
        listeners: [Listener], tls: TLSFiles? = nil, mediaAddress: String, advertisedMediaAddress: String? = nil,
        rtpPorts: ClosedRange<Int> = 16384...32767, codecs: [AudioCodecKind] = [.opus, .g722, .pcmu, .pcma, .g729, .gsm, .g723],
        dataDirectory: String, databasePath: String? = nil, shutdownGrace: Duration = .seconds(30), http: HTTPListener? = nil
    ) {
        self.http = http
        self.listeners = listeners
        self.tls = tls
        self.mediaAddress = mediaAddress
        self.advertisedMediaAddress = advertisedMediaAddress
        self.rtpPorts = rtpPorts
        self.codecs = codecs
        self.dataDirectory = dataDirectory
        self.databasePath = databasePath ?? Administration.databasePath(dataDirectory: dataDirectory)
        self.shutdownGrace = shutdownGrace
    }

    /// The demo: loopback, UDP and TCP on `sipPort` (5060), TLS on `tlsPort` (5061), HTTP on `httpPort` (8080), data in
    /// `./.herald-demo`.
    public static func demo(dataDirectory: String = ".herald-demo", sipPort: Int = 5060, tlsPort: Int? = 5061, httpPort: Int? = 8080) -> ServerOptions {
        var listeners = [Listener(.udp, host: "127.0.0.1", port: sipPort), Listener(.tcp, host: "127.0.0.1", port: sipPort)]
        if let tlsPort { listeners.append(Listener(.tls, host: "127.0.0.1", port: tlsPort)) }
        var options = ServerOptions(
            listeners: listeners, mediaAddress: "127.0.0.1", dataDirectory: dataDirectory,
            http: httpPort.map { HTTPListener(host: "127.0.0.1", port: $0) })
        options.httpOptional = true
        return options
    }
}
