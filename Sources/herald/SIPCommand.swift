import ArgumentParser

/// `herald sip …`: SIP message tools for integrators.
struct SIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip",
        abstract: "SIP message tools.",
        subcommands: [SIPCheckCommand.self])
}
