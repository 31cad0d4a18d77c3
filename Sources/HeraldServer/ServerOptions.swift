import Foundation

/// What `herald serve` runs: where it listens and where its data lives.
public struct ServerOptions: Sendable {
    /// The address SIP and RTP bind to.
    public var host: String
    /// The UDP and TCP SIP port (0 picks a free one, for tests).
    public var sipPort: Int
    /// The TLS SIP port; `nil` for no TLS.
    public var tlsPort: Int?
    /// The RTP port range.
    public var rtpPorts: ClosedRange<Int>
    /// The data directory: the database (`herald.sqlite`), prompts, the TLS certificate of the demo.
    public var dataDirectory: String
    /// How long calls in progress may go on after a shutdown request.
    public var shutdownGrace: Duration

    /// Creates options.
    public init(
        host: String, sipPort: Int, tlsPort: Int?, rtpPorts: ClosedRange<Int> = 16384...32767, dataDirectory: String,
        shutdownGrace: Duration = .seconds(30)
    ) {
        self.host = host
        self.sipPort = sipPort
        self.tlsPort = tlsPort
        self.rtpPorts = rtpPorts
        self.dataDirectory = dataDirectory
        self.shutdownGrace = shutdownGrace
    }

    /// The demo: loopback, ports 5060/5061, `./.herald-demo`.
    public static func demo(dataDirectory: String = ".herald-demo", sipPort: Int = 5060, tlsPort: Int? = 5061) -> ServerOptions {
        ServerOptions(host: "127.0.0.1", sipPort: sipPort, tlsPort: tlsPort, dataDirectory: dataDirectory)
    }
}
