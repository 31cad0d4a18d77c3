public import SIPMessage
public import Logging

/// What the transport layer listens on and how it treats peers.
public struct SIPTransportConfiguration: Sendable {
    /// One listening socket.
    public struct Listener: Sendable, Hashable {
        /// UDP, TCP or TLS.
        public var transport: SIPTransportAddress.Transport
        /// The address to bind: an IPv4 or IPv6 literal (`0.0.0.0`, `::`, `127.0.0.1`, `::1`).
        public var host: String
        /// The port to bind; 0 lets the system choose (read it back from `SIPTransport.localAddresses`).
        public var port: Int

        /// Creates a listener.
        public init(_ transport: SIPTransportAddress.Transport, host: String, port: Int) {
            self.transport = transport
            self.host = host
            self.port = port
        }
    }

    /// Sockets to listen on. Outgoing UDP leaves from the UDP listener of the same address family.
    public var listeners: [Listener]
    /// TLS certificates and trust; required when a TLS listener is configured or TLS destinations are used.
    public var tls: SIPTLSConfiguration?
    /// Connections with no traffic for this long are closed (RFC 5626 keep-alives count as traffic).
    public var idleTimeout: Duration
    /// Parser limits for every message received.
    public var limits: SIPParseLimits
    /// How many received events may wait for the layer above before new ones are dropped: a flood never grows memory.
    public var eventBufferLimit: Int
    /// Decides which peers may talk to us; a source it refuses is dropped before parsing (its connection closed).
    /// The UM server accepts only its configured gateways.
    public var acceptSource: @Sendable (SIPTransportAddress) -> Bool
    /// Where transport-level problems are logged.
    public var logger: Logger

    /// Creates a configuration.
    public init(
        listeners: [Listener], tls: SIPTLSConfiguration? = nil, idleTimeout: Duration = .seconds(600),
        limits: SIPParseLimits = .default, eventBufferLimit: Int = 10_000,
        acceptSource: @escaping @Sendable (SIPTransportAddress) -> Bool = { _ in true },
        logger: Logger = Logger(label: "herald.sip.transport")
    ) {
        self.listeners = listeners
        self.tls = tls
        self.idleTimeout = idleTimeout
        self.limits = limits
        self.eventBufferLimit = eventBufferLimit
        self.acceptSource = acceptSource
        self.logger = logger
    }
}
