public import Directory
import Foundation
import Voicemail
public import Store
import StoreSQLite

/// The admin verbs behind `herald dialplan|gateway|mailbox …`: the directory in the data directory's database,
/// changed with the same checks the server applies.
public struct Administration: Sendable {
    /// The store the verbs work on.
    public let store: any HeraldStore

    /// The database file of a data directory.
    public static func databasePath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("herald.sqlite").path
    }

    /// Opens (creating if needed) the store of a data directory (or the database at `databasePath`); `seedDemo`
    /// fills an empty one with the demo directory.
    public static func open(dataDirectory: String, databasePath: String? = nil, seedDemo: Bool) async throws(StoreError) -> Administration {
        let path = databasePath ?? Self.databasePath(dataDirectory: dataDirectory)
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .storage("cannot create \(dataDirectory): \(error.localizedDescription)")
        }
        let store = try SQLiteStore(path: path)
        if seedDemo { try await store.seedDemo(now: Date()) }
        return Administration(store: store)
    }

    /// Adds a dial plan.
    public func addDialPlan(name: String, digits: Int, pilots: [String], language: String) async throws(StoreError) {
        try await store.addDialPlan(DialPlan(name: name, extensionDigits: digits, pilotNumbers: pilots, language: language))
    }

    /// Adds a gateway with a PBX profile preset.
    public func addGateway(_ gateway: IPGateway) async throws(StoreError) {
        try await store.addGateway(gateway)
    }

    /// Removes a gateway.
    public func removeGateway(named name: String) async throws(StoreError) {
        try await store.removeGateway(named: name)
    }

    /// Enables a mailbox, and sets its first PIN (which the user must change at first logon) when given.
    public func enableMailbox(_ user: UMUser, pin: String?) async throws(StoreError) {
        if let pin {
            // Refuse a weak first PIN before the mailbox exists, so a refusal leaves nothing half done.
            let policy = try await store.snapshot().policy(for: user)
            if let problem = policy.problem(withPIN: pin, extensions: user.extensions, isRecent: false) { throw .weakPIN(problem) }
        }
        var user = user
        if let existing = try await store.mailbox(extension: user.primaryExtension), existing.primaryExtension == user.primaryExtension {
            // What the user chose on the phone stays theirs when an administrator re-enables or edits the mailbox.
            user.awayGreetingOn = existing.awayGreetingOn
            user.keyMap = existing.keyMap
            user.enrolled = existing.enrolled
        }
        try await store.enableMailbox(user)
        if let pin { try await store.setPIN(pin, extension: user.primaryExtension, byAdministrator: true, now: Date()) }
    }

    /// Disables a mailbox: it takes no more messages; its data stays.
    public func disableMailbox(extension number: String) async throws(StoreError) {
        try await store.disableMailbox(extension: number)
    }

    /// Sets a PIN as an administrator: the user must change it at the next logon.
    public func setPIN(_ pin: String, extension number: String) async throws(StoreError) {
        guard try await store.mailbox(extension: number) != nil else { throw .unknownMailbox(number) }
        try await store.setPIN(pin, extension: number, byAdministrator: true, now: Date())
    }

    /// The messages of a mailbox, one line each: id, folder, urgent, received (ISO 8601), seconds, sender, audio file.
    public func messageLines(extension number: String) async throws(StoreError) -> [String] {
        try await store.messages(mailbox: number).map { message in
            let sender = [message.senderName, message.senderNumber].compactMap { $0 }.joined(separator: " ")
            return [
                message.id.uuidString, message.folder.rawValue, message.urgent ? "urgent" : "normal",
                ISO8601DateFormatter().string(from: message.received),
                String(format: "%.1fs", Double(message.durationMilliseconds) / 1000), sender.isEmpty ? "unknown" : sender, message.audioFile,
            ].joined(separator: "\t")
        }
    }

    /// The key maps users can have (`exchange`, `cisco-unity`).
    public static var keyMapNames: [String] { KeyMap.builtIn.map(\.name) }

    /// Chooses the key map of a user's phone menus (one of `keyMapNames`, checked by the caller).
    public func setKeyMap(_ name: String, extension number: String) async throws(StoreError) {
        guard let user = try await store.mailbox(extension: number) else { throw .unknownMailbox(number) }
        try await store.updateMailboxSettings(
            extension: number, MailboxSettings(awayGreetingOn: user.awayGreetingOn, keyMap: name, enrolled: user.enrolled))
    }

    /// Unlocks a mailbox locked by failed logons.
    public func unlock(extension number: String) async throws(StoreError) {
        try await store.unlock(extension: number)
    }

    /// The directory now.
    public func snapshot() async throws(StoreError) -> DirectorySnapshot {
        try await store.snapshot()
    }
}

extension DirectorySnapshot {
    /// Dial plans as aligned text lines for `herald dialplan list`.
    public var dialPlanLines: [String] {
        dialPlans.map { "\($0.name)\t\($0.extensionDigits) digits\tpilot \($0.pilotNumbers.joined(separator: ","))\t\($0.language)" }
    }

    /// Gateways as text lines for `herald gateway list`.
    public var gatewayLines: [String] {
        gateways.map {
            "\($0.name)\t\($0.address):\($0.port)/\($0.transport.rawValue)\tdial plan \($0.dialPlan)\tprofile \($0.profile.name)"
                + ($0.allowsOutboundCalls ? "" : "\tno outbound") + ($0.sendsMessageWaiting ? "" : "\tno MWI")
        }
    }

    /// Mailboxes as text lines for `herald mailbox list`.
    public var mailboxLines: [String] {
        users.map {
            "\($0.primaryExtension)\t\($0.displayName)\t\($0.email)\t\($0.enabled ? "enabled" : "disabled")"
                + ($0.extensions.count > 1 ? "\talso \($0.extensions.dropFirst().joined(separator: ","))" : "")
        }
    }
}
