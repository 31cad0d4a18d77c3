import ArgumentParser
import Foundation
import HeraldServer

/// `herald explain-call FILE…`: shows which flow Herald would run for captured INVITEs, and why.
struct ExplainCallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-call",
        abstract: "Explain how Herald would route a captured INVITE: gateway, called number, diversion chain, flow.",
        discussion: """
            Each file holds one INVITE as a PBX sent it (a SIP trace, a Wireshark 'Follow UDP stream'). Herald \
            prints the gateway it matched (or why it would refuse the call with 403), the called number, the \
            caller, the Diversion and History-Info chains and which entry won under the gateway's PBX profile, \
            and the flow: subscriber access, voicemail button, call answering for a mailbox with the greeting that \
            would play, an auto attendant, or the polite "mailbox not available". The source address is the top \
            Via's (its 'received' parameter if present) unless --source names it. The directory is the demo's \
            unless --directory names a JSON directory file. Exit status: 0, or 65 when a file is not an INVITE.
            """)

    @Argument(help: "Files holding one INVITE each; '-' for standard input.")
    var files: [String]

    @Option(help: "The address the INVITE came from (default: the top Via's received or host).")
    var source: String?

    @Option(help: "A directory in JSON (the DirectorySnapshot encoding) instead of the demo directory.")
    var directory: String?

    func run() throws {
        let snapshot = try readDirectory()
        var failed = false
        for file in files {
            let bytes: [UInt8]
            if file == "-" {
                bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("\(file): cannot read file\n".utf8))
                    throw ExitCode(66)
                }
                bytes = Array(data)
            }
            do {
                let (source, decision) = try CallExplanation.explain(bytes, sourceHost: self.source, directory: snapshot)
                FileHandle.standardOutput.write(Data(CallExplanation.report(file: file, source: source, decision: decision).utf8))
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(65) }
    }

    private func readDirectory() throws -> CallExplanation.DirectoryFile {
        do {
            return try CallExplanation.directory(path: directory)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(66)
        }
    }
}
