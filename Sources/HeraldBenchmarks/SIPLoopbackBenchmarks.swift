import Foundation
import Logging
import SIPEndpoint
import SIPMessage
import SIPTransport

/// The SIP stack under load over UDP loopback, between this process and a `herald-bench sip-uas` child process:
/// OPTIONS transactions per second and complete calls (INVITE/100/200/ACK/BYE/200, no media) per second,
/// with answer latency percentiles and CPU time per call across both processes.
enum SIPLoopbackBenchmarks {
    static let quiet: Logger = {
        var logger = Logger(label: "herald.bench")
        logger.logLevel = .error
        return logger
    }()

    static func makeAgent() async throws -> SIPUserAgent {
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(
            listeners: [.init(.udp, host: "127.0.0.1", port: 0)], eventBufferLimit: 100_000, logger: quiet))
        try await transport.start()
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: "bench", logger: quiet), transport: transport)
        await agent.start()
        return agent
    }

    /// `herald-bench sip-uas`: answers every call at once and prints its port; runs until standard input closes.
    static func runUAS() async throws {
        let agent = try await makeAgent()
        guard let port = agent.transport.localAddress(.udp)?.port else { return }
        FileHandle.standardOutput.write(Data("PORT \(port)\n".utf8))
        let answer = Array(BenchmarkMessages.sdp.utf8)
        let stdinClosed = Task.detached {
            _ = FileHandle.standardInput.readDataToEndOfFile()
        }
        let answering = Task {
            await withDiscardingTaskGroup { group in
                for await incoming in agent.incomingCalls {
                    group.addTask { _ = try? await incoming.answer(sdp: answer) }
                }
            }
        }
        await stdinClosed.value
        answering.cancel()
        await agent.shutdown()
    }

    struct LoadResult {
        let operations: Int
        let failures: Int
        let seconds: Double
        let latencies: [Double]
        let cpuSeconds: Double

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
    }

    static func run() async throws -> [String] {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["sip-uas"]
        let output = Pipe(), input = Pipe()
        child.standardOutput = output
        child.standardInput = input
        try child.run()
        guard let line = String(data: output.fileHandleForReading.availableData, encoding: .utf8),
              let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "PORT ", with: "")) else {
            return ["sip-uas did not start"]
        }
        let target = SIPURI(user: "5000", host: "127.0.0.1", port: port)
        let destination = SIPTransportAddress(.udp, host: "127.0.0.1", port: port)
        let agent = try await makeAgent()
        var rows: [String] = []

        // Warm up both processes.
        _ = try? await load(agent: agent, child: child.processIdentifier, total: 2_000, concurrency: 50) {
            _ = try await agent.options(to: target, destination: destination)
        }
        for concurrency in [50, 200] {
            let options = try await load(agent: agent, child: child.processIdentifier, total: 40_000, concurrency: concurrency) {
                let response = try await agent.options(to: target, destination: destination)
                if response.statusCode != 200 { throw SIPCallFailure.rejected(status: response.statusCode ?? 0, reason: "") }
            }
            rows.append(row("OPTIONS transactions, \(concurrency) in flight", options, unit: "tx"))
        }
        let offer = Array(BenchmarkMessages.sdp.utf8)
        let from = NameAddress(uri: SIPURI(user: "4001", host: "127.0.0.1"))
        for concurrency in [50, 200] {
            let calls = try await load(agent: agent, child: child.processIdentifier, total: 20_000, concurrency: concurrency) {
                let call = try await agent.call(to: target, from: from, offer: offer, destination: destination)
                await call.hangUp()
            }
            rows.append(row("calls INVITE..BYE, \(concurrency) in flight", calls, unit: "call"))
        }
        try input.fileHandleForWriting.close()
        child.waitUntilExit()
        await agent.shutdown()
        return rows
    }

    static func row(_ name: String, _ result: LoadResult, unit: String) -> String {
        let rate = Double(result.operations) / result.seconds
        let cpu = result.cpuSeconds / Double(max(1, result.operations)) * 1e6
        return name.padding(toLength: 38, withPad: " ", startingAt: 0)
            + " | " + String(Int(rate)).leftPad(9) + " \(unit)/s"
            + " | p50 " + String(format: "%.2f", result.percentile(0.5) * 1e3).leftPad(7) + " ms"
            + " | p99 " + String(format: "%.2f", result.percentile(0.99) * 1e3).leftPad(7) + " ms"
            + " | CPU " + String(format: "%.0f", cpu).leftPad(5) + " µs/\(unit)"
            + " | failed " + String(result.failures)
    }

    /// Runs `operation` `total` times with `concurrency` in flight; measures wall time, latency and the CPU time of
    /// both processes (this one from getrusage, the child from /proc).
    static func load(agent: SIPUserAgent, child: Int32, total: Int, concurrency: Int,
                     _ operation: @escaping @Sendable () async throws -> Void) async throws -> LoadResult {
        let cpuBefore = processCPU() + childCPU(child)
        let clock = ContinuousClock()
        let start = clock.now
        let perWorker = total / concurrency
        let outcomes = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    for _ in 0..<perWorker {
                        let t0 = clock.now
                        do {
                            try await operation()
                        } catch {
                            if failures == 0, ProcessInfo.processInfo.environment["HERALD_BENCH_DEBUG"] != nil { print("failure: \(error)") }
                            failures += 1
                        }
                        let d = t0.duration(to: clock.now)
                        latencies.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
                    }
                    return (latencies, failures)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for await part in group {
                all.0 += part.0
                all.1 += part.1
            }
            return all
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let cpu = processCPU() + childCPU(child) - cpuBefore
        return LoadResult(operations: perWorker * concurrency, failures: outcomes.1, seconds: seconds, latencies: outcomes.0, cpuSeconds: cpu)
    }

    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }

    /// utime + stime of another process from /proc/PID/stat, in seconds.
    static func childCPU(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return 0 }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
