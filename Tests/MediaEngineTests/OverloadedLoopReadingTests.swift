@testable import MediaEngine
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// An event loop whose pacing wheel has fallen behind still reads its sockets. NIO runs every due task before it polls
/// again, so a wheel that is due again the moment it ends would starve reading, and the kernel would drop what peers
/// send: under a loaded CI run this lost keys over Opus (80 sessions in a stress run: 47 of 40 first keys lost, the
/// kernel counting 54,000 receive-buffer drops).
@Suite("An overloaded media loop keeps reading its sockets", .timeLimit(.minutes(1)))
struct OverloadedLoopReadingTests {
    /// A stream whose every 1-ms packet time keeps the loop busy until half a millisecond past the next one, as on a
    /// machine with more work than cores: each run of the wheel ends behind. (Bounded by the ideal time rather than a
    /// fixed cost, so that a late run does not grow the next one.)
    final class OverloadingStream: PacedStream, Sendable {
        let paced = Atomic(true)
        var isPaced: Bool { paced.load(ordering: .relaxed) }
        var periodMilliseconds: Int { 1 }

        func sendTick(ideal: NIODeadline) -> Bool {
            let end = ideal + .microseconds(1500)
            while NIODeadline.now() < end {}  // the work an overloaded machine has to do
            return false
        }

        func serviceTick(now: NIODeadline) {}
    }

    /// Counts datagrams and tells when `expected` have been read.
    final class ReadCounter: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        private var count = 0
        private let expected: Int
        private let continuation: AsyncStream<Void>.Continuation

        init(expected: Int, continuation: AsyncStream<Void>.Continuation) {
            self.expected = expected
            self.continuation = continuation
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            count += 1
            if count == expected { continuation.finish() }
        }
    }

    @Test("datagrams are read while the wheel is behind")
    func readsWhileBehind() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let senderGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let expected = 20
        let (allRead, continuation) = AsyncStream<Void>.makeStream()
        let receiver = try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReadCounter(expected: expected, continuation: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let sender = try await DatagramBootstrap(group: senderGroup).bind(host: "127.0.0.1", port: 0).get()
        let stream = OverloadingStream()
        try await loop.submit {
            let wheel = PacingWheel(loop: loop, pacing: PacingHistogram())
            wheel.add(stream)
        }.get()
        let target = try #require(receiver.localAddress)
        for index in 0..<expected {
            let payload = ByteBuffer(bytes: [UInt8(index)])
            try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: payload))
        }
        // Without the pause the wheel is due again after every run and nothing is ever read. (With it, all are read
        // within a few runs, milliseconds; the bound only ends a failing run and stops the spinning stream.)
        let readInTime = await withTaskGroup(of: Bool.self) { race in
            race.addTask {
                for await _ in allRead {}
                return true
            }
            race.addTask {
                try? await Task.sleep(for: .seconds(20))
                return false
            }
            let first = await race.next() ?? false
            race.cancelAll()
            return first
        }
        stream.paced.store(false, ordering: .relaxed)
        #expect(readInTime, "the loop read none of the datagrams while its wheel was behind")
        try await receiver.close()
        try await sender.close()
        try await group.shutdownGracefully()
        try await senderGroup.shutdownGracefully()
    }
}
