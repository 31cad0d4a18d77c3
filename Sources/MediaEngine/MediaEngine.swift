public import Codecs
public import Logging
public import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The media server of one Herald process: allocates RTP ports, runs every call's audio on a few
/// event loops paced by one timing wheel each, and writes recordings through a few I/O threads.
public final class MediaEngine: Sendable {
    /// The nice value of the recording I/O threads (Linux gives each thread its own).
    static let ioThreadNiceness: Int32 = 10
    /// The configuration the engine runs with.
    public let configuration: MediaEngineConfiguration
    let group: any EventLoopGroup
    private let ownsGroup: Bool
    /// One-thread pools for recording I/O; a recording stays on one of them, which keeps its writes in order.
    let ioPools: [NIOThreadPool]
    private let wheels: [ObjectIdentifier: NIOLoopBoundBox<PacingWheel?>]
    private let histograms: [ObjectIdentifier: PacingHistogram]
    private let portCursor: Mutex<Int>
    private let logger: Logger

    /// Creates an engine on its own event loops (one per core) or on `group`.
    public init(configuration: MediaEngineConfiguration = .init(), group: (any EventLoopGroup)? = nil, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        if let group {
            self.group = group
            ownsGroup = false
        } else {
            self.group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
            ownsGroup = true
        }
        ioPools = (0..<max(1, configuration.recordingIOThreads)).map { _ in NIOThreadPool(numberOfThreads: 1) }
        for pool in ioPools {
            pool.start()
            // Writing and fsyncing recordings can wait; a packet cannot. Below the event loops' priority, the
            // kernel lets a loop whose timer fires preempt an I/O thread at once instead of after its time slice.
            pool.submit { _ in _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.ioThreadNiceness) }
        }
        var wheels: [ObjectIdentifier: NIOLoopBoundBox<PacingWheel?>] = [:]
        var histograms: [ObjectIdentifier: PacingHistogram] = [:]
        for loop in self.group.makeIterator() {
            wheels[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeEmptyBox(valueType: PacingWheel.self, eventLoop: loop)
            histograms[ObjectIdentifier(loop)] = PacingHistogram()
        }
        self.wheels = wheels
        self.histograms = histograms
        let pairs = Self.portPairs(in: configuration.portRange).count
        portCursor = Mutex(pairs > 0 ? Int.random(in: 0..<pairs) : 0)
    }

    /// Opens the sockets of a new call's media. `secureSignalling` says the call's SIP came over
    /// TLS, so our offers may carry SRTP keys (RFC 4568 keys must never travel in clear text).
    /// `codecPreference` overrides the engine's order for this call (a gateway's A-law trunks, say).
    public func openSession(
        secureSignalling: Bool = false, codecPreference: [AudioCodecKind]? = nil, logger: Logger? = nil
    ) async throws(MediaError) -> MediaSession {
        let loop = group.next()
        let logger = logger ?? self.logger
        guard let wheelBox = wheels[ObjectIdentifier(loop)], let histogram = histograms[ObjectIdentifier(loop)] else {
            throw MediaError.socket("event loop not known to the engine")
        }
        let (stream, continuation) = AsyncStream<MediaEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let coreBox = NIOLoopBoundBox<MediaSessionCore?>.makeEmptyBox(valueType: MediaSessionCore.self, eventLoop: loop)
        let configuration = configuration
        let ioPools = ioPools
        do {
            try await loop.submit {
                if wheelBox.value == nil { wheelBox.value = PacingWheel(loop: loop, pacing: histogram) }
                coreBox.value = MediaSessionCore(
                    loop: loop, logger: logger, configuration: configuration, ioPools: ioPools,
                    wheel: wheelBox.value!, events: continuation)
            }.get()
        } catch {
            throw MediaError.socket("\(error)")
        }
        let (rtp, rtcp) = try await bindPortPair(on: loop, core: coreBox)
        let ports = (rtp.localAddress?.port ?? 0, rtcp.localAddress?.port ?? 0)
        do {
            try await loop.submit {
                coreBox.value?.rtpChannel = rtp
                coreBox.value?.rtcpChannel = rtcp
            }.get()
        } catch {
            throw MediaError.socket("\(error)")
        }
        return MediaSession(
            engine: self, loop: loop, core: coreBox, events: stream, rtpPort: ports.0, rtcpPort: ports.1,
            secureSignalling: secureSignalling, codecPreference: codecPreference)
    }

    /// Binds an even RTP port and the RTCP port above it, moving on from ports that are taken.
    private func bindPortPair(
        on loop: any EventLoop, core: NIOLoopBoundBox<MediaSessionCore?>
    ) async throws(MediaError) -> (any Channel, any Channel) {
        let range = configuration.portRange
        let (first, pairs) = Self.portPairs(in: range)
        guard pairs > 0 else { throw MediaError.noPortAvailable(range) }
        for _ in 0..<min(pairs, 200) {
            let index = portCursor.withLock { cursor in
                defer { cursor = (cursor + 1) % pairs }
                return cursor
            }
            let port = first + index * 2
            guard let rtp = try? await bind(port: port, on: loop, core: core, rtcp: false) else { continue }
            guard let rtcp = try? await bind(port: port + 1, on: loop, core: core, rtcp: true) else {
                try? await rtp.close()
                continue
            }
            return (rtp, rtcp)
        }
        throw MediaError.noPortAvailable(range)
    }

    /// The first even port of `range` and how many even/odd pairs fit in it from there.
    static func portPairs(in range: ClosedRange<Int>) -> (first: Int, count: Int) {
        let first = range.lowerBound + range.lowerBound % 2
        return (first, max(0, (range.upperBound - first + 1) / 2))
    }

    private func bind(port: Int, on loop: any EventLoop, core: NIOLoopBoundBox<MediaSessionCore?>, rtcp: Bool) async throws -> any Channel {
        try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let session = core.value else { throw MediaError.sessionClosed }
                    try channel.pipeline.syncOperations.addHandler(RTPDatagramHandler(core: session, isRTCPPort: rtcp))
                }
            }
            .bind(host: configuration.bindAddress, port: port)
            .get()
    }

    /// How late packets left against their ideal times, over all event loops since the last reset.
    public func pacingReport() -> PacingReport {
        PacingReport(histograms: Array(histograms.values))
    }

    /// Forgets the pacing figures so far (a benchmark's warm-up).
    public func resetPacingReport() {
        for histogram in histograms.values { histogram.reset() }
    }

    /// Stops the I/O threads and, when the engine made them, the event loops. Close sessions first.
    public func shutdown() async {
        for pool in ioPools { try? await pool.shutdownGracefully() }
        if ownsGroup { try? await group.shutdownGracefully() }
    }
}
