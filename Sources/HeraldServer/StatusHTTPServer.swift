import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP port's operational endpoints: `GET /metrics` (Prometheus text format) and `GET /health`.
/// Anything else gets 404; other methods 405. No request body is read.
public final class StatusHTTPServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Listens on `host:port` (0 picks a free port).
    public static func start(host: String, port: Int, health: @escaping @Sendable () -> Bool) async throws -> StatusHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StatusHandler(health: health))
                }
            }
            .bind(host: host, port: port).get()
        return StatusHTTPServer(channel: channel)
    }

    /// The bound `host:port`.
    public var address: String {
        "\(channel.localAddress?.ipAddress ?? "?"):\(channel.localAddress?.port ?? 0)"
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// Answers one request per message on a connection (keep-alive honoured).
private final class StatusHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let health: @Sendable () -> Bool

    init(health: @escaping @Sendable () -> Bool) {
        self.health = health
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let (status, type, body): (HTTPResponseStatus, String, String)
        switch (request.method, request.uri.split(separator: "?").first ?? "") {
        case (.GET, "/metrics"), (.HEAD, "/metrics"):
            (status, type, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", ServerMetrics.exposition())
        case (.GET, "/health"), (.HEAD, "/health"):
            (status, type, body) = health() ? (.ok, "text/plain", "ok\n") : (.serviceUnavailable, "text/plain", "shutting down\n")
        case (_, "/metrics"), (_, "/health"):
            (status, type, body) = (.methodNotAllowed, "text/plain", "only GET\n")
        default:
            (status, type, body) = (.notFound, "text/plain", "not found: /metrics and /health are served here\n")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        let sent = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            sent.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
