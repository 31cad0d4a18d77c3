import Codecs
import Foundation
import HeraldTestKit
import MediaEngine
import Testing

/// Messages left and heard over real calls to `herald serve --demo`, checked by what the audio holds.
@Suite("voicemail end to end: leave a message, hear it, survive a crash", .serialized, .timeLimit(.minutes(4)))
struct VoicemailEndToEndTests {
    /// A caller's microphone: silence while the greeting is skipped, the tone sequence, then silence. The caller does
    /// not listen for the beep, so the silence leaves room for it even when every suite calls the demo server at once
    /// and the greeting (the mailbox owner's name, synthesized on first use) takes seconds to start — but less than
    /// the 5 s of silence that end a recording.
    static func message(repeating times: Int = 1, lead: Int = 2000) throws -> String {
        let samples = ToneGenerator.silence(durationMs: lead, sampleRate: 8000)
            + Array([[Int16]](repeating: ToneSequence.samples, count: times).joined())
            + ToneGenerator.silence(durationMs: 1500, sampleRate: 8000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-message-\(UUID().uuidString).wav").path
        try WAVFile.write(PCMAudio(sampleRate: 8000, samples: samples), to: path)
        return path
    }

    /// The lines of `herald mailbox messages`.
    static func messages(_ number: String, data: URL) async throws -> [[String]] {
        let result = try await HeraldExecutable.run(["mailbox", "messages", number, "--data-dir", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    }

    /// Whether `sequence` holds the tone sequence, in order and back to back.
    static func containsTones(_ sequence: [Double]) -> Bool {
        let tones = ToneSequence.frequencies
        guard sequence.count >= tones.count else { return false }
        return (0...(sequence.count - tones.count)).contains { Array(sequence[$0..<$0 + tones.count]) == tones }
    }

    @Test("Bob's call diverted from 4003 leaves a message; 4003 logs on, hears it, and it becomes saved")
    func leaveAndHear() async throws {
        let server = try await DemoServer.shared.get()
        let left = try await HeraldExecutable.run([
            "call", "sip:5000@127.0.0.1:\(server.udp)", "--from", "4001", "--diversion", "4003;reason=no-answer",
            "--dtmf", "1", "--dtmf-delay", "1s", "--play", try Self.message(lead: 4500), "--hangup-after", "12s", "--codec", "pcmu",
        ])
        #expect(left.status == 0, "\(left.stdout)\(left.stderr)")
        // The server commits the message as the caller's BYE ends the recording, a moment after the caller exits.
        let committed = ContinuousClock.now + .seconds(10)
        while try await Self.messages("4003", data: server.data).isEmpty, ContinuousClock.now < committed {
            try await Task.sleep(for: .milliseconds(100))
        }
        let stored = try await Self.messages("4003", data: server.data)
        try #require(stored.count == 1, "\(stored)\n\(server.process.log)")
        #expect(stored[0][1] == "new")
        #expect(stored[0][5] == "Bob Brown 4001", "an internal caller is named from the directory (scenario 4a)")
        let audio = try WAVFile.read(path: server.data.appendingPathComponent(stored[0][6]).path)
        #expect(ToneSequence.heard(in: audio) == ToneSequence.frequencies, "the message holds what the caller said\n\(server.process.log)")

        let heard = server.data.appendingPathComponent("heard-\(UUID().uuidString).wav").path
        let listened = try await HeraldExecutable.run([
            "call", "sip:5000@127.0.0.1:\(server.udp)", "--from", "+12025550188", "--dtmf", "4003#135246#1", "--dtmf-delay", "1s",
            "--record", heard, "--hangup-after", "30s", "--codec", "pcmu",
        ])
        #expect(listened.status == 0, "\(listened.stdout)\(listened.stderr)")
        #expect(Self.containsTones(ToneSequence.heard(in: try WAVFile.read(path: heard))), "the message is played back at logon")
        #expect(try await Self.messages("4003", data: server.data).first?[1] == "saved", "a message heard to its end is saved")
    }

    @Test("kill -9 while a caller is leaving a message: the next start recovers the message with its audio")
    func killDuringRecording() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-demo-\(UUID().uuidString)")
        let server = try RunningProcess(["serve", "--demo", "--data-dir", data.path, "--sip-port", "0", "--no-tls", "--http-port", "0"])
        defer { server.stop() }
        let line = try #require(await server.line(containing: "listening udp"), "\(server.log)")
        let port = Int(line.split(separator: ":").last ?? "") ?? 0
        _ = await server.line(containing: "Herald demo is running")
        let caller = try RunningProcess([
            "call", "sip:5000@127.0.0.1:\(port)", "--from", "+12025550177", "--diversion", "4002;reason=no-answer",
            "--dtmf", "1", "--dtmf-delay", "1s", "--play", try Self.message(repeating: 8), "--hangup-after", "30s", "--codec", "pcmu",
        ])
        defer { caller.stop() }
        _ = try #require(await server.line(containing: "recording a message"), "\(server.log)")

        // Wait until the recording holds the first tone sequence (up to 4 s of silence, 1.7 s of tones: 6.5 s of 8 kHz PCM16).
        let incoming = data.appendingPathComponent("mailboxes/4002/incoming")
        let deadline = ContinuousClock.now + .seconds(20)
        func recordedBytes() -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? []
            return names.filter { $0.hasSuffix(".wav") }.compactMap {
                try? FileManager.default.attributesOfItem(atPath: incoming.appendingPathComponent($0).path)[.size] as? Int
            }.max() ?? 0
        }
        while recordedBytes() < 44 + 16_000 * 13 / 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let written = recordedBytes()
        server.signal(SIGKILL)
        #expect(await server.waitForExit() == SIGKILL)

        let restarted = try RunningProcess(["serve", "--demo", "--data-dir", data.path, "--sip-port", "0", "--no-tls", "--http-port", "0"])
        defer { restarted.stop() }
        _ = try #require(await restarted.line(containing: "Herald demo is running"), "\(restarted.log)")
        #expect(restarted.log.contains("message recovered after a restart"), "\(restarted.log)")
        let stored = try await Self.messages("4002", data: data)
        try #require(stored.count == 1, "\(stored)")
        #expect(stored[0][1] == "new")
        #expect(stored[0][5] == "+12025550177", "an external caller's number is kept (scenario 4b)")
        let audio = try WAVFile.read(path: data.appendingPathComponent(stored[0][6]).path)
        #expect(audio.samples.count >= 8000 * 11 / 2, "the audio written before the crash (\(written) bytes when killed)")
        #expect(Self.containsTones(ToneSequence.heard(in: audio)), "the recovered message holds what the caller said")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: incoming.path))?.isEmpty ?? true, "nothing left half done")
    }
}
