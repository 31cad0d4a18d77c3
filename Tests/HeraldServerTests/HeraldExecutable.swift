import Foundation
import Synchronization
import Testing

/// Runs the built `herald` executable, as a user would, and captures what it prints.
struct HeraldExecutable {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `herald` binary next to the test bundle (both are products of the same `swift build --build-tests`).
    static var url: URL {
        get throws {
            let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            var directory = testBinary.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("herald")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "herald next to \(testBinary.path)"])
        }
    }

    /// The repository root, for test data kept in the source tree.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `herald` to completion. The blocking waits happen on a thread of their own: a test that waits for a
    /// 30-second call must not hold one of the few threads every other test's tasks run on.
    static func run(_ arguments: [String], stdin: Data? = nil) async throws -> Result {
        let url = try url
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { () throws -> HeraldExecutable.Result in
                    try runBlocking(url, arguments, stdin: stdin)
                })
            }
        }
    }

    private static func runBlocking(_ url: URL, _ arguments: [String], stdin: Data?) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Both pipes are drained at once, so a child that fills one while we read the other cannot stall.
        let stderrData = Mutex(Data())
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
            finished.signal()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData.withLock { $0 }, as: UTF8.self))
    }
}
