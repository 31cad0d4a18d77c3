import NIOCore
import NIOPosix
import SIPMessage
import Testing
@testable import SIPTransport

/// A raw TCP client, to send what a well-behaved SIP peer never would.
final class RawClient: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let received: AsyncStream<[UInt8]>.Continuation
    private let closed: AsyncStream<Void>.Continuation

    init(received: AsyncStream<[UInt8]>.Continuation, closed: AsyncStream<Void>.Continuation) {
        self.received = received
        self.closed = closed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.yield(Array(unwrapInboundIn(data).readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.yield()
        closed.finish()
        received.finish()
    }

    static func connect(to address: SIPTransportAddress) async throws -> (any Channel, AsyncStream<[UInt8]>, AsyncStream<Void>) {
        let (received, receivedContinuation) = AsyncStream.makeStream(of: [UInt8].self)
        let (closed, closedContinuation) = AsyncStream.makeStream(of: Void.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RawClient(received: receivedContinuation, closed: closedContinuation))
                }
            }
            .connect(host: address.host, port: address.port).get()
        return (channel, received, closed)
    }
}

@Suite("TCP connections: keep-alives and garbage", .timeLimit(.minutes(1)))
struct StreamConnectionTests {
    @Test func doubleCRLFPingIsAnsweredWithAPong() async throws {
        let server = try await makeTransport([.tcp])
        let (channel, received, _) = try await RawClient.connect(to: try #require(server.localAddress(.tcp)))
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: Array("\r\n\r\n".utf8))).get()
        var iterator = received.makeAsyncIterator()
        #expect(await iterator.next() == [0x0D, 0x0A])
        try await channel.close().get()
        await server.shutdown()
    }

    @Test func garbageClosesOnlyThatConnection() async throws {
        let server = try await makeTransport([.tcp])
        let address = try #require(server.localAddress(.tcp))
        let (bad, _, badClosed) = try await RawClient.connect(to: address)
        let (good, _, _) = try await RawClient.connect(to: address)

        try await bad.writeAndFlush(bad.allocator.buffer(bytes: Array("GARBAGE GARBAGE\r\nno colon here\r\n\r\n".utf8))).get()
        var closedIterator = badClosed.makeAsyncIterator()
        _ = await closedIterator.next()  // the server closed the bad connection

        var events = server.events.makeAsyncIterator()
        guard case .malformed(let error, _) = await events.next() else {
            Issue.record("expected the garbage to be reported")
            return
        }
        #expect(error.statusCode == 400)

        // The other connection still works.
        try await good.writeAndFlush(good.allocator.buffer(bytes: options(to: "herald@127.0.0.1", via: "TCP 127.0.0.1:5060").bytes)).get()
        guard case .message(let message, _, _) = await events.next() else {
            Issue.record("the good connection stopped working")
            return
        }
        #expect(message.method == .options)
        try await good.close().get()
        await server.shutdown()
    }

    @Test func oversizedMessageClosesTheConnection() async throws {
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(
            listeners: [.init(.tcp, host: "127.0.0.1", port: 0)], limits: SIPParseLimits(maxHeaderBytes: 1024)))
        try await transport.start()
        let (channel, _, closed) = try await RawClient.connect(to: try #require(transport.localAddress(.tcp)))
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: Array(repeating: UInt8(ascii: "A"), count: 4096))).get()
        var iterator = closed.makeAsyncIterator()
        _ = await iterator.next()
        var events = transport.events.makeAsyncIterator()
        guard case .malformed(let error, _) = await events.next() else {
            Issue.record("expected an error")
            return
        }
        #expect(error.statusCode == 513)
        await transport.shutdown()
    }
}
