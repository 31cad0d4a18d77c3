@testable import MediaEngine
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// An event loop whose pacing wheel has fallen behind still reads its sockets. NIO runs every due task before it polls
/// again, so a wheel that is due again the moment it ends would starve reading, and the kernel would drop what peers
/// send: under a loaded CI run this lost keys over Opus (a stress run of 400 Opus calls, 40 at a time: 39–47 keys lost,
/// the kernel counting 54,000 receive-buffer drops).
@Suite("An overloaded media loop keeps reading its sockets", .timeLimit(.minutes(1)))
struct OverloadedLoopReadingTests {
    /// The datagrams waiting in the socket before the overload starts.
    static let expected = 20
    /// The overload lasts at most this many ticks, so a failing run spins a core for a fraction of a second only.
    static let maximumTicks = 300

    /// A stream whose every 1-ms packet time keeps the loop busy until half a millisecond past the next one, as on a
    /// machine with more work than cores: each run of the wheel ends behind. (Bounded by the ideal time rather than a
    /// fixed cost, so that a late run does not grow the next one.) Once the wheel is behind it lets the socket be read;
    /// it stops when everything was read, or after `maximumTicks`.
    final class OverloadingStream: PacedStream, Sendable {
        let paced = Atomic(true)
        let ticks = Atomic(0)
        let skippedOrRepeated = Atomic(0)
        let lastIdeal = Mutex<NIODeadline?>(nil)
        let receiver: any Channel
        let done: AsyncStream<Void>.Continuation

        init(receiver: any Channel, done: AsyncStream<Void>.Continuation) {
            self.receiver = receiver
            self.done = done
        }

        var isPaced: Bool { paced.load(ordering: .relaxed) }
        var periodMilliseconds: Int { 1 }

        func stop() {
            paced.store(false, ordering: .relaxed)
            done.finish()
        }

        func sendTick(ideal: NIODeadline) -> Bool {
            lastIdeal.withLock { last in
                if let last, ideal - last != .milliseconds(1) { skippedOrRepeated.add(1, ordering: .relaxed) }
                last = ideal
            }
            let count = ticks.add(1, ordering: .relaxed).newValue
            // Reading starts only once the wheel is behind, from the loop itself: nothing here waits on the test's tasks.
            if count == 3 { receiver.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
            if count >= OverloadedLoopReadingTests.maximumTicks { stop() }
            let end = ideal + .microseconds(1500)
            while NIODeadline.now() < end {}  // the work an overloaded machine has to do
            return false
        }

        func serviceTick(now: NIODeadline) {}
    }

    /// Counts the datagrams read while the stream is still overloading the loop.
    final class ReadCounter: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let readWhileBehind = Atomic(0)
        let stream = Mutex<OverloadingStream?>(nil)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let stream = stream.withLock({ $0 }), stream.isPaced else { return }
            if readWhileBehind.add(1, ordering: .relaxed).newValue == OverloadedLoopReadingTests.expected { stream.stop() }
        }
    }

    @Test("datagrams are read while the wheel is behind, and the ticks it runs late are still one per packet time")
    func readsWhileBehind() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let senderGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let counter = ReadCounter()
        let receiver = try await DatagramBootstrap(group: loop)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let sender = try await DatagramBootstrap(group: senderGroup).bind(host: "127.0.0.1", port: 0).get()
        let target = try #require(receiver.localAddress)
        // Queued in the receiver's socket before the overload starts (autoRead is off until the wheel is behind).
        for index in 0..<Self.expected {
            try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: [UInt8(index)])))
        }
        let (done, continuation) = AsyncStream<Void>.makeStream()
        let stream = OverloadingStream(receiver: receiver, done: continuation)
        counter.stream.withLock { $0 = stream }
        defer { stream.stop() }
        try await loop.submit {
            PacingWheel(loop: loop, pacing: PacingHistogram()).add(stream)
        }.get()
        for await _ in done {}
        // Without the pause the wheel is due again after every run and nothing is read until it stops overloading.
        #expect(counter.readWhileBehind.load(ordering: .relaxed) == Self.expected,
                "read \(counter.readWhileBehind.load(ordering: .relaxed)) of \(Self.expected) in \(stream.ticks.load(ordering: .relaxed)) ticks")
        #expect(stream.skippedOrRepeated.load(ordering: .relaxed) == 0, "late ticks are neither skipped nor repeated")
        try await receiver.close()
        try await sender.close()
        try await group.shutdownGracefully()
        try await senderGroup.shutdownGracefully()
    }
}
