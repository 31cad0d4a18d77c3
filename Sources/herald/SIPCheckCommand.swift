import ArgumentParser
import Foundation
import HeraldServer

/// `herald sip check FILE…`: validates captured SIP messages, one per file.
struct SIPCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse each file as one SIP message and check it as a SIP element would before processing it.",
        discussion: """
            A valid message prints its canonical form on standard output. An invalid one prints \
            'FILE: invalid: <reason>' on standard error, naming the line and header, and the response a SIP \
            element would send. Exit status: 0 when every file is valid, 65 (EX_DATAERR) when any is invalid, \
            66 when a file cannot be read. Use '-' to read standard input.
            """)

    @Argument(help: "Files holding one SIP message each; '-' for standard input.")
    var files: [String]

    func run() throws {
        var invalid = false
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
            switch MessageCheck.check(bytes) {
            case .valid(_, let canonical):
                FileHandle.standardOutput.write(Data(canonical.utf8))
            case .invalid(let error):
                invalid = true
                FileHandle.standardError.write(Data((MessageCheck.invalidLine(file: file, error: error) + "\n").utf8))
            }
        }
        if invalid { throw ExitCode(65) }
    }
}
