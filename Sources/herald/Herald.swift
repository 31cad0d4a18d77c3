import ArgumentParser

/// The `herald` command line: the Unified Messaging server and its tools.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald — an open-source Unified Messaging server (voicemail, auto attendant, fax) for SIP PBXs.",
        subcommands: [SIPCommand.self, ExplainCallCommand.self, CallCommand.self])
}
