import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A third-party SIP peer (baresip, sipsak, kamailio, a pjsua2 script) run as a child process for one test.
final class PeerProcess: @unchecked Sendable {
    let process = Process()
    let output: URL
    private let exited: AsyncStream<Int32>

    /// Whether the peer runs in a process group of its own, so that `stop` also ends the workers it forks
    /// (Kamailio's main process may exit and leave its workers running).
    let ownsProcessGroup: Bool

    init(_ executable: String, _ arguments: [String], directory: URL, processGroup: Bool = false) throws {
        ownsProcessGroup = processGroup
        output = directory.appendingPathComponent("\((executable as NSString).lastPathComponent)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        if processGroup {
            // setsid(1) makes the peer a session (and process group) leader and then execs it: same pid.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = [executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let (exited, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        self.exited = exited
        // Waiting must not block a thread of the cooperative pool: the user agent under test runs there too.
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    /// Waits for the peer to exit and returns its status (-1 if the wait was cancelled first).
    func waitForExit() async -> Int32 {
        var iterator = exited.makeAsyncIterator()
        return await iterator.next() ?? -1
    }

    /// Runs to completion and returns (status, output).
    static func run(_ executable: String, _ arguments: [String], directory: URL) async throws -> (Int32, String) {
        let peer = try PeerProcess(executable, arguments, directory: directory)
        let status = await peer.waitForExit()
        return (status, peer.log)
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Stops the peer: SIGTERM, then SIGKILL if it has not exited a second later (one baresip ignored SIGTERM and
    /// answered a later test's call). The wait for the exit is bounded: a peer whose exit is never reported must not
    /// hang the suite.
    func stop() async {
        let pid = process.processIdentifier
        let target = ownsProcessGroup ? -pid : pid
        kill(target, SIGTERM)
        let exitedInTime = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await self.waitForExit()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(1))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !exitedInTime || ownsProcessGroup { kill(target, SIGKILL) }
    }

    deinit {
        if process.isRunning { kill(ownsProcessGroup ? -process.processIdentifier : process.processIdentifier, SIGKILL) }
    }
}

/// A port no one is using right now, found by binding port 0 and reading it back (for peers that need a number).
func freePort(udp: Bool = true) -> Int {
    let fd = socket(AF_INET, udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A fresh directory for one test's peer configuration and logs.
func makeTemporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
