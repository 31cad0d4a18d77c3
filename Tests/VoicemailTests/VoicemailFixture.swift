import CallControl
import Directory
import Foundation
import HeraldTestKit
import Logging
import Store
import Testing
@testable import Voicemail

/// One test's world: the demo directory in an in-memory store (users 4000–4003, PIN 135246, Exchange keys), an empty
/// data directory of its own, and a clock that stands still. The data directory goes when the fixture does.
final class VoicemailFixture: Sendable {
    /// The time every flow sees (and the demo PINs were set at): 2026-01-01 00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    /// The demo users' PIN.
    static let pin = DirectorySnapshot.demoPIN

    let store: InMemoryStore
    let files: MailboxFiles
    let services: VoicemailServices
    let logger = Logger(label: "test.voicemail", factory: { _ in SwiftLogNoOpLogHandler() })

    init() async throws {
        store = InMemoryStore(hasher: PINHasher(iterations: 1))
        try await store.seedDemo(now: Self.now)
        files = MailboxFiles(
            root: FileManager.default.temporaryDirectory.appending(
                path: "herald-voicemail-\(UUID().uuidString)", directoryHint: .isDirectory))
        try FileManager.default.createDirectory(at: files.root, withIntermediateDirectories: true)
        services = VoicemailServices(
            store: store, files: files, timeZone: try #require(TimeZone(identifier: "UTC")), now: { VoicemailFixture.now })
    }

    deinit {
        try? FileManager.default.removeItem(at: files.root)
    }

    // MARK: Directory

    /// The mailbox reached by `number`, as the store has it now.
    func user(_ number: String) async throws -> UMUser {
        try #require(await store.mailbox(extension: number))
    }

    /// An internal caller: the directory user at `number`.
    func internalCaller(_ number: String) async throws -> CallerIdentity {
        let user = try await user(number)
        return CallerIdentity(number: number, displayName: user.displayName, user: user, withheld: false)
    }

    /// An outside caller.
    static let externalCaller = CallerIdentity(number: "+12025550199", displayName: nil, user: nil, withheld: false)

    // MARK: Flows

    /// Calls the pilot number and presses `keys`.
    @discardableResult
    func callPilot(_ keys: String) async -> FakeCall {
        let call = FakeCall(caller: Self.externalCaller, keys: keys)
        await SubscriberAccess(services: services, logger: logger).run(call, user: nil)
        return call
    }

    /// Presses the voicemail button on `number`'s phone and then `keys`.
    @discardableResult
    func pressVoicemailButton(of number: String, _ keys: String) async throws -> FakeCall {
        let call = FakeCall(caller: try await internalCaller(number), keys: keys)
        await SubscriberAccess(services: services, logger: logger).run(call, user: try await user(number))
        return call
    }

    /// Logs on to `number` through the pilot number, then presses `keys`.
    @discardableResult
    func logOn(_ number: String, then keys: String) async -> FakeCall {
        await callPilot("\(number)#\(Self.pin)#" + keys)
    }

    /// A call diverted to `number`'s mailbox, answered with `greeting`.
    func divert(_ call: FakeCall, to number: String, greeting: GreetingKind = .standard) async throws {
        await CallAnswering(services: services, logger: logger).run(call, user: try await user(number), greeting: greeting)
    }

    // MARK: Messages and audio

    /// The messages of a mailbox in play order.
    func messages(_ number: String) async throws -> [VoiceMessage] {
        try await store.messages(mailbox: number)
    }

    /// One message as the store has it now.
    func message(_ original: VoiceMessage) async throws -> VoiceMessage {
        try #require(try await messages(original.mailbox).first { $0.id == original.id })
    }

    /// Puts a message in a mailbox, with an audio file of some bytes.
    @discardableResult
    func addMessage(
        to number: String, folder: MessageFolder = .new, urgent: Bool = false, minutesAgo: Int = 10, seconds: Int = 20,
        from sender: String? = nil, sizeBytes: Int? = nil
    ) async throws -> VoiceMessage {
        let id = UUID()
        let audio = files.messageAudio(id, of: number)
        try writeAudio(at: URL(fileURLWithPath: files.absolute(audio)))
        let message = VoiceMessage(
            id: id, mailbox: number, folder: folder, urgent: urgent, received: Self.now.addingTimeInterval(Double(-60 * minutesAgo)),
            durationMilliseconds: seconds * 1000, senderName: sender, senderNumber: sender == nil ? "+12025550123" : nil,
            audioFile: audio, sizeBytes: sizeBytes ?? 1_000)
        try await store.addMessage(message)
        return message
    }

    /// A recording the user made earlier (any bytes past a WAV header count as audio).
    func writeAudio(at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0, count: 1_000).write(to: url)
    }

    /// Whether a file exists.
    func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    /// The names of the files in a directory (none when it is missing).
    func contents(of url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
}
