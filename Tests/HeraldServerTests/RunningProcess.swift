import Foundation
import Synchronization

/// A long-running `herald` process (such as `herald serve`), its output collected as it comes.
final class RunningProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()
    private let lines: AsyncStream<String>
    private let exit: AsyncStream<Int32>

    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = try HeraldExecutable.url
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let (lines, lineContinuation) = AsyncStream.makeStream(of: String.self)
        let (exit, exitContinuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        self.process = process
        self.lines = lines
        self.exit = exit
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            // A read may end in the middle of a line: only whole lines are handed on, the rest waits for the next read.
            for line in output.append(data) { lineContinuation.yield(line) }
            if data.isEmpty {
                handle.readabilityHandler = nil
                lineContinuation.finish()
            }
        }
        process.terminationHandler = { exitContinuation.yield($0.terminationStatus); exitContinuation.finish() }
        try process.run()
        LeftoverProcesses.register(process.processIdentifier)
    }

    /// Everything printed so far.
    var log: String { output.text.withLock { $0.text } }

    /// Waits for the first line printed that contains `text` (nil once the process has ended without printing it).
    /// Called from one task at a time.
    func line(containing text: String) async -> String? {
        if let line = completeLines.first(where: { $0.contains(text) }) { return line }
        for await line in lines where line.contains(text) { return line }
        return completeLines.first(where: { $0.contains(text) })
    }

    private var completeLines: [String] {
        log.split(separator: "\n").map(String.init)
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit status (-1 if the waiting task was cancelled first).
    func waitForExit() async -> Int32 {
        var iterator = exit.makeAsyncIterator()
        return await iterator.next() ?? -1
    }

    /// Ends the process if it still runs.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a process printed, shared with the pipe's reading handler.
final class OutputBuffer: Sendable {
    /// All the whole lines so far, and the bytes of the last line while it is incomplete (a read may also end inside
    /// a UTF-8 sequence, so those stay bytes).
    struct State {
        var text = ""
        var pending: [UInt8] = []
    }

    let text = Mutex(State())

    /// Adds a read (empty at the end of the output) and returns the lines it completed.
    func append(_ data: Data) -> [String] {
        text.withLock { state in
            state.pending += data
            var lines: [String] = []
            while let newline = state.pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: state.pending[..<newline], as: UTF8.self))
                state.pending.removeSubrange(...newline)
            }
            if data.isEmpty, !state.pending.isEmpty {
                lines.append(String(decoding: state.pending, as: UTF8.self))
                state.pending = []
            }
            for line in lines { state.text += line + "\n" }
            return lines.filter { !$0.isEmpty }
        }
    }
}

/// Every process the tests started, ended when the test run exits: a server shared by suites (or one a failing test
/// never stopped) must not outlive the run and load the machine for what runs next.
enum LeftoverProcesses {
    private static let pids = Mutex<[pid_t]>([])
    private static let installed = Mutex(false)

    static func register(_ pid: pid_t) {
        pids.withLock { $0.append(pid) }
        let first = installed.withLock { installed -> Bool in
            defer { installed = true }
            return !installed
        }
        if first { atexit { LeftoverProcesses.killAll() } }
    }

    private static func killAll() {
        for pid in pids.withLock({ $0 }) { kill(pid, SIGKILL) }
    }
}

