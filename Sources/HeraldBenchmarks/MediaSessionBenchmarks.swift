import CAllocationCounter
import Codecs
import Foundation
import Logging
import MediaEngine
import NIOCore
import NIOPosix
import RTP
import SDP

/// Concurrent G.711 calls against one media engine over UDP loopback: every session plays a prompt
/// and records the caller to a µ-law WAV file at the same time, while a load generator in a child
/// process sends each session 50 packets a second and swallows what comes back.
enum MediaSessionBenchmarks {
    struct Row {
        let sessions: Int
        let seconds: Double
        let pacing: PacingReport
        let packetsExpected: Int
        let packetsReceived: Int
        let packetsLost: Int
        let packetsDiscarded: Int
        let concealedMilliseconds: Int
        let cpuPercent: Double
        let memoryPerSessionKiB: Double
        /// Audio in the finished WAV files against the time each recording ran.
        let recordedPercent: Double
    }

    /// Where the engine and the callers run: both on every core, or each pinned to a core of its own.
    enum Placement {
        case shared
        /// The engine on one event loop in a process started under `taskset -c 0`; the callers under `taskset -c 1`.
        case pinned
    }

    /// `herald-bench media-callers`: the load generator, run as a child process so that the figures
    /// of the engine's process are its own. Prints its port, adds a stream per `ADD <port>` line.
    static func runCallers() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let generator = try await LoadGenerator.start(group: group)
        FileHandle.standardOutput.write(Data("PORT \(generator.port)\n".utf8))
        let lines = Task.detached {
            while let line = readLine() {
                if line.hasPrefix("ADD "), let port = Int(line.dropFirst(4)) { generator.addStream(toPort: port) }
            }
        }
        await lines.value
        await generator.stop()
        try await group.shutdownGracefully()
    }

    static func run(sessionCounts: [Int], seconds: Int, recordOnly: Bool = false) async throws -> [Row] {
        var rows: [Row] = []
        for count in sessionCounts { rows.append(try await run(sessions: count, seconds: seconds, recordOnly: recordOnly)) }
        return rows
    }

    /// Raises the number of play-and-record sessions on one pinned core until one fails the goal (a lost or
    /// concealed packet, p99 pacing over 1 ms, or the core busier than 90 %); every run is printed.
    static func searchOneCore(from start: Int, step: Int, limit: Int, seconds: Int) async throws -> [Row] {
        var rows: [Row] = []
        var count = start
        while count <= limit {
            let row = try await run(sessions: count, seconds: seconds, recordOnly: false, placement: .pinned)
            rows.append(row)
            if !row.meetsGoal { break }
            count += step
        }
        return rows
    }

    /// One run; `recordOnly` makes the callers offer `sendonly` (a caller leaving a message: Herald records and
    /// sends nothing back), else every session also plays a prompt.
    static func run(sessions count: Int, seconds: Int, recordOnly: Bool, placement: Placement = .shared) async throws -> Row {
        var logger = Logger(label: "bench.media")
        logger.logLevel = .warning
        let loops: (any EventLoopGroup)? = placement == .pinned ? MultiThreadedEventLoopGroup(numberOfThreads: 1) : nil
        let engine = MediaEngine(configuration: MediaEngineConfiguration(codecPreference: [.pcmu]), group: loops, logger: logger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let child = Process()
        switch placement {
        case .shared:
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["media-callers"]
        case .pinned:
            child.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            child.arguments = ["-c", "1", CommandLine.arguments[0], "media-callers"]
        }
        let output = Pipe(), input = Pipe()
        child.standardOutput = output
        child.standardInput = input
        try child.run()
        guard let line = String(data: output.fileHandleForReading.availableData, encoding: .utf8),
              let callersPort = Int(line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "PORT ", with: ""))
        else { throw MediaError.socket("media-callers did not start") }

        let offer = try LoadGenerator.offer(port: callersPort, sendOnly: recordOnly)
        var sessions: [MediaSession] = []
        for _ in 0..<count {
            let session = try await engine.openSession()
            let answer = try await session.answer(offer)
            guard let port = answer.mediaDescriptions.first?.port else { throw MediaError.notNegotiated }
            input.fileHandleForWriting.write(Data("ADD \(port)\n".utf8))
            sessions.append(session)
        }
        // A 5 s prompt played over and over, as a menu is repeated (a long prompt would only measure its memory);
        // rendered once, as a server keeps its prompts in memory.
        let prompt = Prompt.audio(PCMAudio(
            sampleRate: 8000, samples: ToneGenerator.sine(frequencies: [425], durationMs: 5000, sampleRate: 8000, levelDBm0: -15)))
        let opened = sessions
        let recordingStarted = ContinuousClock.now
        let work = Task {
            try await withThrowingTaskGroup(of: Duration.self) { group in
                for (index, session) in opened.enumerated() {
                    let path = directory.appendingPathComponent("\(index).wav").path
                    group.addTask {
                        try await session.record(to: path, format: .ulaw, maxDuration: .seconds(3600), silenceTimeout: nil, stopDigits: []).duration
                    }
                    if !recordOnly {
                        group.addTask {
                            // Plays until the session closes under it; only the recordings' results count.
                            while !Task.isCancelled, (try? await session.play([prompt], bargeIn: false)) != nil {}
                            return .zero
                        }
                    }
                }
                return try await group.reduce(Duration.zero, +)
            }
        }
        try await Task.sleep(for: .seconds(2))  // warm-up: every stream flowing, jitter buffers settled
        let memoryRunning = heapInUseKiB()
        var before: [MediaStatistics] = []
        for session in sessions { before.append(try await session.statistics()) }
        engine.resetPacingReport()
        let cpuBefore = cpuSeconds()
        let started = ContinuousClock.now
        try await Task.sleep(for: .seconds(seconds))
        let elapsed = ContinuousClock.now - started
        let cpu = cpuSeconds() - cpuBefore
        let pacing = engine.pacingReport()
        var received = 0, lost = 0, discarded = 0, concealed = 0, window = Duration.zero
        for (index, session) in sessions.enumerated() {
            let after = try await session.statistics()
            received += after.packetsReceived - before[index].packetsReceived
            lost += after.packetsLost - before[index].packetsLost
            discarded += after.packetsDiscarded - before[index].packetsDiscarded
            concealed += after.concealedMilliseconds - before[index].concealedMilliseconds
            window += after.uptime - before[index].uptime
        }
        try input.fileHandleForWriting.close()
        let closing = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for session in sessions { group.addTask { await session.close() } }
        }
        let recorded = (try? await work.value) ?? .zero
        child.waitUntilExit()
        await engine.shutdown()
        // What the sessions held is what closing them gave back: measured against the heap before they opened, other
        // memory freed meanwhile (an earlier benchmark's) would count against them.
        let memoryClosed = heapInUseKiB()
        let wall = elapsed.seconds
        let windowSeconds = window.seconds
        return Row(
            sessions: count, seconds: wall, pacing: pacing, packetsExpected: Int(windowSeconds * 50),
            packetsReceived: received, packetsLost: lost, packetsDiscarded: discarded, concealedMilliseconds: concealed,
            cpuPercent: cpu / wall * 100, memoryPerSessionKiB: Double(memoryRunning - memoryClosed) / Double(count),
            recordedPercent: 100 * recorded.seconds / ((closing - recordingStarted).seconds * Double(count)))
    }

    static func printTable(_ rows: [Row]) {
        func ms(_ duration: Duration) -> String {
            let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
            return BenchmarkResult.format(Double(micros) / 1000, 1)
        }
        print("sessions | pacing p50 ms | p99 ms | max ms | packets expected | received | lost | discarded | concealed ms | engine CPU % | KiB/session | recorded %")
        print("---------|---------------|--------|--------|------------------|----------|------|-----------|--------------|--------------|-------------|-----------")
        for row in rows {
            let cells = [
                String(row.sessions), ms(row.pacing.median), ms(row.pacing.p99), ms(row.pacing.maximum), String(row.packetsExpected),
                String(row.packetsReceived), String(row.packetsLost), String(row.packetsDiscarded), String(row.concealedMilliseconds),
                BenchmarkResult.format(row.cpuPercent, 0), BenchmarkResult.format(row.memoryPerSessionKiB, 1),
                BenchmarkResult.format(row.recordedPercent, 1),
            ]
            print(cells.joined(separator: " | "))
        }
    }

    /// The heap in use, not the resident size: runs follow one another in this process, and memory a run freed
    /// stays resident and would be reused by the next without counting.
    private static func heapInUseKiB() -> Int {
        Int(herald_heap_in_use()) / 1024
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

extension MediaSessionBenchmarks.Row {
    /// The issue's goal for a run: nothing lost or concealed, p99 pacing under 1 ms, and the core not saturated.
    var meetsGoal: Bool {
        packetsLost == 0 && concealedMilliseconds == 0 && pacing.p99 < .milliseconds(1) && cpuPercent < 90
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// The callers of the session benchmark: one socket that sends every stream its 20 ms packets,
/// spread over the milliseconds of the packet time, and swallows what the engine sends back.
final class LoadGenerator: @unchecked Sendable {
    private let channel: any Channel
    private let loop: any EventLoop
    private var streams: [(address: SocketAddress, sequence: UInt16, timestamp: UInt32, ssrc: UInt32)] = []
    private var task: RepeatedTask?
    private let payload = [UInt8](ToneGenerator.sine(frequencies: [700, 1200], durationMs: 20, sampleRate: 8000, levelDBm0: -15).map(G711.ulawEncode))
    private var tick: Int64 = 0
    private let started = NIODeadline.now()

    private init(channel: any Channel) {
        self.channel = channel
        loop = channel.eventLoop
    }

    static func start(group: any EventLoopGroup) async throws -> LoadGenerator {
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Sink()) } }
            .bind(host: "127.0.0.1", port: 0).get()
        let generator = LoadGenerator(channel: channel)
        generator.task = channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(1), delay: .milliseconds(1)) { _ in
            generator.sendDue()
        }
        return generator
    }

    /// The generator's UDP port.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// An offer for one caller: µ-law and telephone-event, media to the generator's socket.
    static func offer(port: Int, sendOnly: Bool = false) throws -> SessionDescription {
        try SessionDescription(parsing: Array("""
            v=0\r
            o=- 1 1 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio \(port) RTP/AVP 0 101\r
            a=rtpmap:101 telephone-event/8000\r
            a=ptime:20\r
            a=\(sendOnly ? "sendonly" : "sendrecv")\r

            """.utf8))
    }

    func addStream(toPort port: Int) {
        let address = try! SocketAddress(ipAddress: "127.0.0.1", port: port)
        loop.execute {
            self.streams.append((address, 0, 0, UInt32.random(in: 1...UInt32.max)))
        }
    }

    /// Sends every millisecond slot that is due, computed from the start time so the callers never drift.
    private func sendDue() {
        let due = (NIODeadline.now() - started).nanoseconds / 1_000_000
        while tick < due {
            tick += 1
            sendSlot(Int(tick % 20))
        }
        channel.flush()
    }

    private func sendSlot(_ slot: Int) {
        var index = slot
        while index < streams.count {
            var stream = streams[index]
            let packet = RTPPacket(payloadType: 0, sequenceNumber: stream.sequence, timestamp: stream.timestamp, ssrc: stream.ssrc, payload: payload)
            stream.sequence &+= 1
            stream.timestamp &+= 160
            streams[index] = stream
            channel.write(AddressedEnvelope(remoteAddress: stream.address, data: channel.allocator.buffer(bytes: packet.serialized)), promise: nil)
            index += 20
        }
    }

    func stop() async {
        task?.cancel()
        try? await channel.close()
    }

    /// Discards what the engine sends.
    private final class Sink: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }
}
