import Codecs
import Directory
import Foundation
import HeraldServer
import HeraldTestKit
import Logging
import MediaEngine
import SIPMessage
import Store
import Testing

/// The mailbox menus over real SIP and RTP: Herald in this process on an in-memory store, the simulated PBX's phones
/// pressing keys by RFC 4733. Keys are typed ahead, as experienced users do: every prompt gives way to them.
@Suite("voicemail menus over SIP with the test kit's phones", .serialized, .timeLimit(.minutes(3)))
struct VoicemailOverSIPTests {
    /// A running server and its store.
    struct Herald {
        let server: UMServer
        let running: Task<Void, Never>
        let store: InMemoryStore
        let data: URL
        let pbx: SimulatedPBX

        static func start(mediaTimeout: Duration? = .seconds(60)) async throws -> Herald {
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-vm-\(UUID().uuidString)")
            let store = InMemoryStore()
            try await store.seedDemo(now: Date())
            var options = ServerOptions.demo(dataDirectory: data.path, sipPort: 0, tlsPort: nil, httpPort: nil)
            options.mediaTimeout = mediaTimeout
            let (server, listeners) = try await UMServer.start(options: options, store: store, logger: Logger(label: "test.voicemail"))
            let running = Task { await server.run() }
            let port = try #require(listeners.first { $0.transport == "udp" }?.address.split(separator: ":").last.flatMap { Int($0) })
            let pbx = try await SimulatedPBX.start(pilot: try SIPURI(parsing: "sip:5000@127.0.0.1:\(port)"))
            return Herald(server: server, running: running, store: store, data: data, pbx: pbx)
        }

        /// Adds a message of two seconds of tone to a mailbox.
        func leave(_ mailbox: String, from sender: String, minutesAgo: Double, urgent: Bool = false) async throws -> UUID {
            let id = UUID()
            let relative = "mailboxes/\(mailbox)/messages/\(id.uuidString).wav"
            let path = data.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try WAVFile.write(PCMAudio(sampleRate: 8000, samples: ToneSequence.samples), to: path.path)
            try await store.addMessage(VoiceMessage(
                id: id, mailbox: mailbox, urgent: urgent, received: Date() - minutesAgo * 60, durationMilliseconds: 1720,
                senderNumber: sender, audioFile: relative, sizeBytes: 27_564))
            return id
        }

        /// Waits until `condition` holds for the store (the flow works as the keys arrive), for up to 30 s.
        func until(_ condition: @Sendable (InMemoryStore) async throws -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if try await condition(store) { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await condition(store)
        }

        /// The next message-waiting NOTIFY the PBX receives for `number` that satisfies `condition`, within 30 s.
        func nextLamp(_ number: String, where condition: @escaping @Sendable (MessageSummary) -> Bool) async -> MessageSummary? {
            let pbx = pbx
            return await withTaskGroup(of: MessageSummary?.self) { group in
                group.addTask {
                    for await (target, summary) in pbx.messageWaiting where target == number && condition(summary) { return summary }
                    return nil
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(30))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }

        func stop() async {
            await pbx.stop()
            await server.shutdown()
            await running.value
        }
    }

    @Test("scenario 3: next saves, delete deletes, forward with an introduction reaches 4001, save saves — all by keypad")
    func navigation() async throws {
        let herald = try await Herald.start()
        let older = try await herald.leave("4000", from: "+12025550101", minutesAgo: 30)
        let newer = try await herald.leave("4000", from: "+12025550102", minutesAgo: 5)
        let urgent = try await herald.leave("4000", from: "+12025550103", minutesAgo: 60, urgent: true)
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        // Logon; 1 new messages: the urgent one first (# next: saved), then the newest (7: deleted), then the older
        // (6: forward to 4001, introduction ended by silence; then 8: saved).
        try await phone.media.sendDigits("4000#135246#1#76")
        #expect(try await herald.until { try await $0.messages(mailbox: "4000").first { $0.id == newer }?.folder == .deleted })
        try await phone.media.sendDigits("4001#")
        #expect(try await herald.until { try await $0.messages(mailbox: "4001").count == 1 })
        try await phone.media.sendDigits("8")
        #expect(try await herald.until { try await $0.messages(mailbox: "4000").first { $0.id == older }?.folder == .saved })
        let mailbox = try await herald.store.messages(mailbox: "4000")
        #expect(mailbox.first { $0.id == urgent }?.folder == .saved)
        let forwarded = try #require(try await herald.store.messages(mailbox: "4001").first)
        #expect(forwarded.senderName == "Alice Anderson" && forwarded.folder == .new)
        #expect(forwarded.introductionFile.map { FileManager.default.fileExists(atPath: herald.data.appendingPathComponent($0).path) } == true)
        await phone.hangUp()
        await herald.stop()
    }

    @Test("scenario 8: the voicemail button goes straight to the PIN, and the away greeting is turned on by keypad")
    func voicemailButtonAndAway() async throws {
        let herald = try await Herald.start()
        guard case .reachedUM(let button) = try await herald.pbx.pressVoicemailButton(on: "4002") else {
            Issue.record("the voicemail button should reach the UM")
            return
        }
        // PIN only; 6 personal options, 1 greetings, 4 away greeting on.
        try await button.media.sendDigits("135246#614")
        #expect(try await herald.until { await $0.mailbox(extension: "4002")?.awayGreetingOn == true })
        await button.hangUp()
        await herald.stop()
    }

    @Test("message waiting: a message left lights the lamp by NOTIFY; hearing it puts the lamp out")
    func messageWaitingLamp() async throws {
        let herald = try await Herald.start()
        let address = try #require(herald.pbx.address)
        try await herald.store.addGateway(IPGateway(
            name: "pbx", address: address.host, port: address.port, sendsMessageWaiting: true, dialPlan: "Demo", profile: .nortelCS1000))
        herald.pbx.set("4001", .noAnswer)
        guard case .reachedUM(let caller) = try await herald.pbx.call(from: "+12025550111", to: "4001") else {
            Issue.record("4001's forward should reach the UM")
            return
        }
        // Skip the greeting, talk for five seconds (long enough to outlast the beep on a loaded machine), hang up: the
        // message is stored as the BYE arrives.
        try await caller.media.sendDigits("1")
        _ = try await caller.media.play([.silence(milliseconds: 600), .tone(frequencies: [440, 1210], milliseconds: 5000, levelDBm0: -20)], bargeIn: false)
        await caller.hangUp()
        let lit = await herald.nextLamp("4001") { $0.messagesWaiting }
        #expect(lit?.voice == MessageSummary.Counts(new: 1, old: 0))
        #expect(lit?.account == "sip:5000@127.0.0.1")

        guard case .reachedUM(let owner) = try await herald.pbx.callPilot(from: "+12025550112") else {
            Issue.record("the pilot should answer")
            return
        }
        try await owner.media.sendDigits("4001#135246#1")
        let out = await herald.nextLamp("4001") { !$0.messagesWaiting }
        #expect(out?.voice == MessageSummary.Counts(new: 0, old: 1), "the message heard to its end is saved")
        #expect(herald.pbx.lamp("4001")?.messagesWaiting == false, "the PBX keeps the last state: the lamp is off")
        await owner.hangUp()
        await herald.stop()
    }
}
