import ArgumentParser
import Foundation
import HeraldServer

/// Where the admin verbs find the server's database.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The server's data directory (holds herald.sqlite).")
    var path: String = ".herald-demo"
}

/// Runs an admin action; a refusal prints its reason and exits 65.
func administer(_ data: DataDirectoryOption, _ action: (Administration) async throws -> Void) async throws {
    do {
        try await action(try await Administration.open(dataDirectory: data.path, seedDemo: false))
    } catch {
        FileHandle.standardError.write(Data("herald: \(error)\n".utf8))
        throw ExitCode(65)
    }
}

/// `herald dialplan add|list`.
struct DialPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialplan", abstract: "Manage UM dial plans.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a dial plan.")
        @Argument(help: "The dial plan's name.") var name: String
        @Option(help: "Digits in an extension.") var digits: Int
        @Option(help: "A pilot (subscriber access) number; repeat for several.") var pilot: [String] = []
        @Option(help: "Prompt language.") var language: String = "en-US"
        @OptionGroup var data: DataDirectoryOption

        func validate() throws {
            guard (1...15).contains(digits) else { throw ValidationError("--digits must be between 1 and 15") }
            guard !pilot.isEmpty else { throw ValidationError("give at least one --pilot number") }
            guard pilot.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isNumber || $0 == "+" } }) else {
                throw ValidationError("a pilot number has only digits (and a leading +)")
            }
        }

        func run() async throws {
            try await administer(data) { try await $0.addDialPlan(name: name, digits: digits, pilots: pilot, language: language) }
            print("dial plan \(name) added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dial plans.")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { for line in try await $0.snapshot().dialPlanLines { print(line) } }
        }
    }
}

/// `herald gateway add|list|remove`.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway", abstract: "Manage UM IP gateways (the PBXs, proxies and SBCs allowed to send calls).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a gateway.")
        @Argument(help: "The gateway's name.") var name: String
        @Option(help: "Its IP address or host name, as its requests arrive from it.") var address: String
        @Option(help: "Its SIP port.") var port: Int = 5060
        @Option(help: "udp, tcp or tls.") var transport: String = "udp"
        @Option(name: .customLong("dial-plan"), help: "The dial plan it serves.") var dialPlan: String
        @Option(help: "PBX profile: nortel-cs1000, cisco-cucm, avaya-aura, asterisk-freeswitch, generic-rfc.") var profile: String = "generic-rfc"
        @Flag(name: .customLong("no-outbound"), help: "Herald may not place calls through it.") var noOutbound = false
        @Flag(name: .customLong("no-mwi"), help: "No message-waiting NOTIFYs to it.") var noMWI = false
        @OptionGroup var data: DataDirectoryOption

        func validate() throws {
            guard GatewaySettings.transport(transport) != nil else { throw ValidationError("--transport must be udp, tcp or tls") }
            guard GatewaySettings.profile(profile) != nil else {
                throw ValidationError("unknown --profile '\(profile)'; presets: \(GatewaySettings.profileNames.joined(separator: ", "))")
            }
            guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        }

        func run() async throws {
            let gateway = GatewaySettings.gateway(
                name: name, address: address, port: port, transport: transport, dialPlan: dialPlan, profile: profile,
                outbound: !noOutbound, messageWaiting: !noMWI)
            try await administer(data) { try await $0.addGateway(gateway) }
            print("gateway \(name) added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List gateways.")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { for line in try await $0.snapshot().gatewayLines { print(line) } }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a gateway.")
        @Argument(help: "The gateway's name.") var name: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { try await $0.removeGateway(named: name) }
            print("gateway \(name) removed")
        }
    }
}

/// `herald mailbox enable|disable|list|set-pin|unlock`.
struct MailboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailbox", abstract: "Manage UM-enabled mailboxes.",
        subcommands: [Enable.self, Disable.self, List.self, Messages.self, SetPIN.self, Unlock.self, SetKeyMap.self])

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a mailbox (or update the one with that extension).")
        @Argument(help: "The primary extension.") var number: String
        @Option(name: .customLong("first-name")) var firstName: String
        @Option(name: .customLong("last-name")) var lastName: String
        @Option(help: "Where voicemail is delivered.") var email: String
        @Option(name: .customLong("dial-plan"), help: "The user's dial plan.") var dialPlan: String = "Demo"
        @Option(name: .customLong("also"), help: "A further number reaching the mailbox (a DID); repeat for several.") var also: [String] = []
        @Option(help: "A first PIN, which the user must change at first logon.") var pin: String?
        @OptionGroup var data: DataDirectoryOption

        func validate() throws {
            guard email.contains("@") else { throw ValidationError("--email must be an email address") }
        }

        func run() async throws {
            let user = GatewaySettings.user(
                firstName: firstName, lastName: lastName, email: email, extensions: [number] + also, dialPlan: dialPlan)
            try await administer(data) { try await $0.enableMailbox(user, pin: pin) }
            print("mailbox \(number) enabled")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a mailbox (it takes no new messages).")
        @Argument(help: "The extension.") var number: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { try await $0.disableMailbox(extension: number) }
            print("mailbox \(number) disabled")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List mailboxes.")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { for line in try await $0.snapshot().mailboxLines { print(line) } }
        }
    }

    struct Messages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a mailbox's messages: id, folder, urgency, received, length, sender, audio file (under the data directory).")
        @Argument(help: "The extension.") var number: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { for line in try await $0.messageLines(extension: number) { print(line) } }
        }
    }

    struct SetPIN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-pin", abstract: "Set a PIN (the user must change it at next logon).")
        @Argument(help: "The extension.") var number: String
        @Argument(help: "The new PIN.") var pin: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { try await $0.setPIN(pin, extension: number) }
            print("PIN of \(number) set; it must be changed at the next logon")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock a mailbox locked by failed logons.")
        @Argument(help: "The extension.") var number: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await administer(data) { try await $0.unlock(extension: number) }
            print("mailbox \(number) unlocked")
        }
    }

    struct SetKeyMap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-keymap", abstract: "Choose the keys of a user's phone menus (exchange or cisco-unity).")
        @Argument(help: "The extension.") var number: String
        @Argument(help: "The key map: exchange or cisco-unity.") var keyMap: String
        @OptionGroup var data: DataDirectoryOption
        func validate() throws {
            let names = Administration.keyMapNames
            guard names.contains(keyMap) else { throw ValidationError("no key map named \(keyMap); choose \(names.joined(separator: " or "))") }
        }
        func run() async throws {
            try await administer(data) { try await $0.setKeyMap(keyMap, extension: number) }
            print("mailbox \(number) uses the \(keyMap) keys")
        }
    }
}
