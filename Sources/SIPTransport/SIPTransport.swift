import Logging
public import NIOCore
import NIOPosix
import NIOSSL
public import SIPMessage
import Synchronization

/// SIP over UDP, TCP and TLS on SwiftNIO (RFC 3261 §18): listeners, connection reuse, keep-alives, TLS.
///
/// Received messages come out of `events`; `send(_:to:)` writes a message to a transport address, reusing an
/// open connection to that address (one the peer opened to us included) or opening one.
public final class SIPTransport: Sendable {
    /// The configuration the transport was created with.
    public let configuration: SIPTransportConfiguration
    /// Everything received, in order per socket. One consumer.
    public let events: AsyncStream<SIPTransportEvent>

    private let continuation: AsyncStream<SIPTransportEvent>.Continuation
    private let group: any EventLoopGroup
    private let serverTLS: NIOSSLContext?
    private let clientTLS: NIOSSLContext?
    private let state = Mutex(State())

    /// A connection being opened or open.
    private enum Connection {
        case connecting(EventLoopFuture<any Channel>)
        case open(any Channel)
    }

    private struct State {
        var datagramChannels: [(address: SIPTransportAddress, channel: any Channel)] = []
        var listeningChannels: [any Channel] = []
        var localAddresses: [SIPTransportAddress] = []
        var connections: [SIPTransportAddress: Connection] = [:]
        var isShutDown = false
    }

    /// Creates a transport; nothing is bound until `start()`. Loads TLS files now so that mistakes show at once.
    /// Without a `group`, NIO's shared event loops are used.
    public init(configuration: SIPTransportConfiguration, group: (any EventLoopGroup)? = nil) throws {
        self.configuration = configuration
        self.group = group ?? MultiThreadedEventLoopGroup.singleton
        (events, continuation) = AsyncStream.makeStream(of: SIPTransportEvent.self, bufferingPolicy: .bufferingOldest(configuration.eventBufferLimit))
        if let tls = configuration.tls {
            (serverTLS, clientTLS) = try Self.makeTLSContexts(tls)
        } else {
            guard !configuration.listeners.contains(where: { $0.transport == .tls }) else { throw SIPTransportError.tlsNotConfigured }
            (serverTLS, clientTLS) = (nil, nil)
        }
    }

    private var logger: Logger { configuration.logger }

    private var sink: InboundSink {
        InboundSink(continuation: continuation, limits: configuration.limits, accepts: configuration.acceptSource, logger: logger)
    }

    /// The addresses actually bound, with ports filled in when 0 was configured.
    public var localAddresses: [SIPTransportAddress] { state.withLock { $0.localAddresses } }

    /// The first bound address of a transport, if any.
    public func localAddress(_ transport: SIPTransportAddress.Transport) -> SIPTransportAddress? {
        localAddresses.first { $0.transport == transport }
    }

    /// Binds every listener.
    public func start() async throws {
        for listener in configuration.listeners {
            let channel: any Channel
            switch listener.transport {
            case .udp:
                let sink = self.sink
                // No SO_REUSEADDR on UDP: with it, another process could bind the same port and take our datagrams.
                channel = try await DatagramBootstrap(group: group)
                    // NIO reads datagrams into 2 KiB buffers by default, which would cut larger SIP messages.
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DatagramHandler(sink: sink)) }
                    }
                    .bind(host: listener.host, port: listener.port).get()
            case .tcp, .tls:
                let transport = listener.transport
                channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.backlog, value: 256)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                    .childChannelInitializer { [self] channel in
                        configureStream(channel, transport: transport, serverHostname: nil)
                    }
                    .bind(host: listener.host, port: listener.port).get()
            }
            guard let bound = SIPTransportAddress(listener.transport, channel.localAddress) else { continue }
            logger.info("listening on \(bound)")
            state.withLock { state in
                state.localAddresses.append(bound)
                if listener.transport == .udp {
                    state.datagramChannels.append((bound, channel))
                } else {
                    state.listeningChannels.append(channel)
                }
            }
        }
    }

    /// Sends a message. Over TCP/TLS it reuses a connection to `destination` or opens one.
    public func send(_ message: SIPMessage, to destination: SIPTransportAddress) async throws {
        try await send(bytes: message.bytes, to: destination)
    }

    /// Sends raw bytes (a keep-alive, or a message already serialized).
    public func send(bytes: [UInt8], to destination: SIPTransportAddress) async throws {
        logger.trace("sending \(bytes.count) bytes to \(destination)", metadata: ["sip.raw": "\(String(decoding: bytes, as: UTF8.self))"])
        switch destination.transport {
        case .udp:
            let isIPv6 = destination.host.contains(":")
            let channel = state.withLock { state in
                state.datagramChannels.first { $0.address.host.contains(":") == isIPv6 }?.channel
            }
            guard let channel else { throw SIPTransportError.noListener(.udp) }
            let address = try await Self.socketAddress(destination)
            let envelope = AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: bytes))
            try await channel.writeAndFlush(envelope).get()
        case .tcp, .tls:
            let channel = try await connection(to: destination)
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
        }
    }

    /// Whether a connection to `destination` is open now (for tests and diagnostics).
    public func hasConnection(to destination: SIPTransportAddress) -> Bool {
        state.withLock { $0.connections[destination] != nil }
    }

    /// Closes every socket and ends `events`.
    public func shutdown() async {
        let channels: [any Channel] = state.withLock { state in
            state.isShutDown = true
            return state.datagramChannels.map(\.channel) + state.listeningChannels
        }
        let connections = state.withLock { state in
            let all = Array(state.connections.values)
            state.connections.removeAll()
            return all
        }
        for channel in channels { try? await channel.close().get() }
        for connection in connections {
            switch connection {
            case .open(let channel): try? await channel.close().get()
            case .connecting(let future): try? await future.get().close().get()
            }
        }
        continuation.finish()
    }

    // MARK: - Connections

    private func connection(to destination: SIPTransportAddress) async throws -> any Channel {
        let existing: Connection? = try state.withLock { state in
            guard !state.isShutDown else { throw SIPTransportError.shutDown }
            return state.connections[destination]
        }
        switch existing {
        case .open(let channel) where channel.isActive:
            return channel
        case .connecting(let future):
            if let channel = try? await future.get(), channel.isActive { return channel }
        default:
            break
        }
        if destination.transport == .tls, clientTLS == nil { throw SIPTransportError.tlsNotConfigured }
        let address = try await Self.socketAddress(destination)
        let serverHostname = Self.isIPLiteral(destination.host) ? nil : destination.host
        let pending = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { [self] channel in
                configureStream(channel, transport: destination.transport, serverHostname: serverHostname, isClient: true)
            }
            .connect(to: address)
            .map { $0 as any Channel }
        state.withLock { $0.connections[destination] = .connecting(pending) }
        do {
            let channel = try await pending.get()
            state.withLock { $0.connections[destination] = .open(channel) }
            return channel
        } catch {
            state.withLock { _ = $0.connections.removeValue(forKey: destination) }
            throw SIPTransportError.connectFailed(destination, "\(error)")
        }
    }

    private func configureStream(
        _ channel: any Channel, transport: SIPTransportAddress.Transport, serverHostname: String?, isClient: Bool = false
    ) -> EventLoopFuture<Void> {
        let sink = self.sink
        let idle = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
        let serverTLS = self.serverTLS, clientTLS = self.clientTLS
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            if transport == .tls {
                if isClient {
                    guard let clientTLS else { throw SIPTransportError.tlsNotConfigured }
                    try pipeline.addHandler(NIOSSLClientHandler(context: clientTLS, serverHostname: serverHostname))
                } else {
                    guard let serverTLS else { throw SIPTransportError.tlsNotConfigured }
                    try pipeline.addHandler(NIOSSLServerHandler(context: serverTLS))
                }
            }
            try pipeline.addHandler(IdleStateHandler(allTimeout: idle))
            try pipeline.addHandler(StreamHandler(
                sink: sink, transport: transport, expectsPongs: isClient,
                onOpen: { [weak self] remote, channel in self?.connectionOpened(remote, channel) },
                onClose: { [weak self] remote, channel in self?.connectionClosed(remote, channel) }))
        }
    }

    private func connectionOpened(_ remote: SIPTransportAddress, _ channel: any Channel) {
        state.withLock { state in
            if case .open(let current) = state.connections[remote], current.isActive { return }
            state.connections[remote] = .open(channel)
        }
    }

    private func connectionClosed(_ remote: SIPTransportAddress, _ channel: any Channel) {
        state.withLock { state in
            // Remove only this channel's entry: a newer connection to the same address may have replaced it.
            if case .open(let current) = state.connections[remote], current === channel {
                state.connections.removeValue(forKey: remote)
            }
        }
    }

    // MARK: - Addresses and TLS

    static func isIPLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func socketAddress(_ destination: SIPTransportAddress) async throws -> SocketAddress {
        if let address = try? SocketAddress(ipAddress: destination.host, port: destination.port) { return address }
        // Names (RFC 3263 A/AAAA step): getaddrinfo blocks, so it runs off the caller's executor.
        let host = destination.host, port = destination.port
        return try await Task.detached {
            do { return try SocketAddress.makeAddressResolvingHost(host, port: port) } catch { throw SIPTransportError.unresolvable(host) }
        }.value
    }

    static func makeTLSContexts(_ tls: SIPTLSConfiguration) throws -> (NIOSSLContext, NIOSSLContext) {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { NIOSSLCertificateSource.certificate($0) }
            let key = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem))
            let roots: NIOSSLTrustRoots = tls.trustRootsPath.map { .file($0) } ?? .default

            var server = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: key)
            server.trustRoots = roots
            server.certificateVerification = tls.requireClientCertificate ? .noHostnameVerification : .none

            var client = TLSConfiguration.makeClientConfiguration()
            client.trustRoots = roots
            client.certificateChain = chain
            client.privateKey = key
            switch tls.serverVerification {
            case .full: client.certificateVerification = .fullVerification
            case .chainOnly: client.certificateVerification = .noHostnameVerification
            case .none: client.certificateVerification = .none
            }
            return (try NIOSSLContext(configuration: server), try NIOSSLContext(configuration: client))
        } catch {
            throw SIPTransportError.tlsSetup("\(error)")
        }
    }
}
