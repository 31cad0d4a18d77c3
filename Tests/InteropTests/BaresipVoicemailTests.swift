import Codecs
import Foundation
import HeraldServer
import HeraldTestKit
import Logging
import MediaEngine
import SIPMessage
import Store
import Testing

/// baresip as the user's phone: it logs on to the mailbox by keypad and hears the message a caller left.
@Suite("baresip drives the voicemail menus", .tags(.interop), .serialized, .timeLimit(.minutes(3)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct BaresipVoicemailTests {
    @Test("a message left with a tone sequence is found again in what baresip hears after logging on with its keypad")
    func logOnAndHear() async throws {
        let data = try makeTemporaryDirectory("voicemail")
        let store = InMemoryStore()
        try await store.seedDemo(now: Date())
        let logger = Logger(label: "test.voicemail")
        let (server, listeners) = try await UMServer.start(
            options: .demo(dataDirectory: data.path, sipPort: 0, tlsPort: nil, httpPort: nil), store: store, logger: logger)
        let running = Task { await server.run() }
        let udp = try #require(listeners.first { $0.transport == "udp" })
        let port = try #require(Int(udp.address.split(separator: ":").last ?? ""))

        // A caller diverted from 4000 leaves the tone sequence as a message (the `herald call` softphone, library form).
        let message = data.appendingPathComponent("message.wav").path
        try WAVFile.write(PCMAudio(
            sampleRate: 8000,
            samples: ToneGenerator.silence(durationMs: 4000, sampleRate: 8000) + ToneSequence.samples
                + ToneGenerator.silence(durationMs: 1500, sampleRate: 8000)), to: message)
        let caller = Softphone(
            options: Softphone.Options(
                target: try SIPURI(parsing: "sip:5000@127.0.0.1:\(port)"), from: "+12025550166", diversion: "4000;reason=no-answer",
                dtmf: "1", dtmfDelay: .seconds(1), play: message, hangupAfter: .seconds(8), codec: .pcmu),
            logger: logger)
        _ = try await caller.run { _ in }
        // The server commits the message as the caller's BYE ends the recording, a moment after the call ends here.
        let committed = ContinuousClock.now + .seconds(10)
        while try await store.messages(mailbox: "4000").isEmpty, ContinuousClock.now < committed {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(try await store.messages(mailbox: "4000").count == 1)

        // baresip calls the pilot and types ahead: extension, PIN, 1 for new messages.
        let baresip = try await Baresip.start()
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port)")
        #expect(await baresip.waitForEvent("CALL_ESTABLISHED") != nil)
        for key in "4000#135246#1" { try await baresip.command("sndcode", String(key)) }
        // The message becomes saved once it has played to its end; then baresip hangs up.
        #expect(try await store.firstMessageSaved(mailbox: "4000"), "the message was played to its end")
        try await baresip.command("hangup")
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        let heard = try #require(baresip.heardPaths.last)
        let tones = ToneSequence.heard(in: try WAVFile.read(path: heard))
        let expected = ToneSequence.frequencies
        #expect((0...max(0, tones.count - expected.count)).contains { tones.count >= expected.count && Array(tones[$0..<$0 + expected.count]) == expected },
                "baresip heard the message that was left: \(tones)")

        await server.shutdown()
        await running.value
    }
}

extension InMemoryStore {
    /// Whether the mailbox's first message becomes saved (heard to its end) within a minute.
    func firstMessageSaved(mailbox: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while try messages(mailbox: mailbox).first?.folder != .saved, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        return try messages(mailbox: mailbox).first?.folder == .saved
    }
}
