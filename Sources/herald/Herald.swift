import ArgumentParser

/// The `herald` command line: the Unified Messaging server and its tools.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald — an open-source Unified Messaging server (voicemail, auto attendant, fax) for SIP PBXs.",
        subcommands: [
            ServeCommand.self, CallCommand.self, ExplainCallCommand.self, DialPlanCommand.self, GatewayCommand.self, MailboxCommand.self,
            BenchCommand.self, SIPCommand.self,
        ])
}
