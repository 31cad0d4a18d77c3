import Codecs
import Foundation
import HeraldServer
import HeraldTestKit
import MediaEngine
import Store
import Testing

/// baresip holds Herald mid-call and resumes, as a desk phone's hold key does, and the call goes on.
@Suite("baresip holds and resumes a call to the UM server", .tags(.interop), .serialized, .timeLimit(.minutes(3)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct BaresipHoldTests {
    @Test("hold and resume re-INVITEs are answered recvonly then sendrecv; then baresip logs on and hears the message out")
    func holdResumeThenLogOn() async throws {
        let data = try makeTemporaryDirectory("hold")
        let store = InMemoryStore()
        try await store.seedDemo(now: Date())
        let log = LogLines()
        let logger = log.logger(label: "test.hold")
        let (server, listeners) = try await UMServer.start(
            options: .demo(dataDirectory: data.path, sipPort: 0, tlsPort: nil, httpPort: nil), store: store, logger: logger)
        let running = Task { await server.run() }
        let port = try #require(listeners.first { $0.transport == "udp" }.flatMap { Int($0.address.split(separator: ":").last ?? "") })
        let message = "mailboxes/4000/messages/\(UUID().uuidString).wav"
        try FileManager.default.createDirectory(
            at: data.appendingPathComponent(message).deletingLastPathComponent(), withIntermediateDirectories: true)
        try WAVFile.write(PCMAudio(sampleRate: 8000, samples: ToneSequence.samples), to: data.appendingPathComponent(message).path)
        try await store.addMessage(VoiceMessage(
            id: UUID(), mailbox: "4000", urgent: false, received: Date(), durationMilliseconds: 1720, senderNumber: "+12025550101",
            audioFile: message, sizeBytes: 27_564))

        let baresip = try await Baresip.start()
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port)")
        #expect(await baresip.waitForEvent("CALL_ESTABLISHED") != nil)
        try await baresip.command("hold")
        #expect(await log.eventually { $0.contains("new offer answered sdp.direction=recvonly") }, "\(baresip.process.log)")
        try await baresip.command("resume")
        #expect(await log.eventually { $0.contains("new offer answered sdp.direction=sendrecv") }, "\(baresip.process.log)")

        // The call goes on both ways: RFC 4733 keys reach the flow, and the message is saved once Herald, sending
        // again, has played it to its end.
        for key in "4000#135246#1" { try await baresip.command("sndcode", String(key)) }
        #expect(try await store.firstMessageSaved(mailbox: "4000"), "the message was played to its end")
        try await baresip.command("hangup")
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        await server.shutdown()
        await running.value
    }
}
