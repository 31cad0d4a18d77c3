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
        let (exit, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
        self.process = process
        self.lines = lines
        self.exit = exit
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                lineContinuation.finish()
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            output.text.withLock { $0 += text }
            for line in text.split(separator: "\n") { lineContinuation.yield(String(line)) }
        }
        process.terminationHandler = { exitContinuation.yield($0.terminationStatus); exitContinuation.finish() }
        try process.run()
    }

    /// Everything printed so far.
    var log: String { output.text.withLock { $0 } }

    /// Waits for the first line printed that contains `text` (the stream ends when the process does).
    func line(containing text: String) async -> String? {
        if let line = log.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
        for await line in lines where line.contains(text) { return line }
        return log.split(separator: "\n").first(where: { $0.contains(text) }).map(String.init)
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit status.
    func waitForExit() async -> Int32 {
        for await status in exit { return status }
        return process.terminationStatus
    }

    /// Ends the process if it still runs.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a process printed, shared with the pipe's reading handler.
final class OutputBuffer: Sendable {
    let text = Mutex("")
}
