import Codecs
import Foundation
import HeraldTestKit
import MediaEngine
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// The `herald` executable built next to the test bundle.
func heraldExecutable() throws -> String {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("herald")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        directory = directory.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile)
}

@Suite("herald call, the command-line softphone", .tags(.interop), .serialized, .timeLimit(.minutes(1)))
struct SoftphoneTests {
    @Test("it presses keys by RFC 4733 and sends the Diversion it was given")
    func keysAndDiversion() async throws {
        let herald = try await HeraldMedia.start()
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        let directory = try makeTemporaryDirectory("herald-call")
        let caller = try PeerProcess(try heraldExecutable(), [
            "call", "sip:5000@127.0.0.1:\(port)", "--from", "4001", "--diversion", "4000;reason=user-busy",
            "--dtmf", "4000#", "--dtmf-delay", "300ms", "--codec", "pcma",
        ], directory: directory)
        let (call, session) = try #require(try await herald.answerNext())
        let diversion = try call.invite.headers.redirectionsFromDiversion
        #expect(diversion.last?.party.user == "4000")
        #expect(diversion.last?.reason == .userBusy)
        #expect(try call.invite.headers.from.uri.user == "4001")
        #expect(session.codec?.kind == .pcma)
        #expect(try await session.collectDigits(max: 10, firstDigitTimeout: .seconds(10)) == .digits("4000", terminator: "#"))
        await session.close()
        await call.hangUp()
        #expect(await caller.waitForExit() == 0, "\(caller.log)")
        #expect(caller.log.contains("answered: pcma"))
        #expect(caller.log.contains("ended: remoteHangUp"))
        await herald.stop()
    }

    @Test("it answers the far end's hold and resume re-INVITEs and takes keys sent by SIP INFO")
    func holdResumeAndInfo() async throws {
        let herald = try await HeraldMedia.start()
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        let directory = try makeTemporaryDirectory("herald-call-hold")
        let caller = try PeerProcess(try heraldExecutable(), ["call", "sip:5000@127.0.0.1:\(port)", "--codec", "pcmu"], directory: directory)
        let (call, session) = try #require(try await herald.answerNext())
        #expect(await call.waitUntilConfirmed())

        let held = try SessionDescription(parsing: try await call.reInvite(offer: session.makeOffer(direction: .sendonly).serializedBytes()))
        #expect(held.mediaDescriptions.first.map(held.direction(of:)) == .recvonly)
        try await session.receiveAnswer(held)
        let resumed = try SessionDescription(parsing: try await call.reInvite(offer: session.makeOffer().serializedBytes()))
        #expect(resumed.mediaDescriptions.first.map(resumed.direction(of:)) == .sendrecv)
        try await session.receiveAnswer(resumed)
        #expect(try await call.info(Array("Signal=5\r\nDuration=160\r\n".utf8), contentType: .dtmfRelay) == 200)
        // The softphone's RTP keeps coming after the resume.
        let received = try await session.statistics().packetsReceived
        let deadline = ContinuousClock.now + .seconds(10)
        while try await session.statistics().packetsReceived < received + 10, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await session.statistics().packetsReceived >= received + 10)

        await session.close()
        await call.hangUp()
        #expect(await caller.waitForExit() == 0, "\(caller.log)")
        #expect(caller.log.contains("heard key 5"), "\(caller.log)")
        await herald.stop()
    }

    @Test("against baresip: it plays a WAV that baresip hears and records what baresip says",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
    func audioWithBaresip() async throws {
        let baresip = try await Baresip.start(autoAnswer: true, microphone: ToneGenerator.silence(durationMs: 500, sampleRate: 8000) + ToneSequence.samples)
        let directory = try makeTemporaryDirectory("herald-call-audio")
        let prompt = directory.appendingPathComponent("prompt.wav").path
        let heard = directory.appendingPathComponent("heard.wav").path
        try WAVFile.write(PCMAudio(sampleRate: 8000, samples: ToneGenerator.silence(durationMs: 300, sampleRate: 8000) + ToneSequence.samples), to: prompt)
        let caller = try PeerProcess(try heraldExecutable(), [
            "call", "sip:caller@127.0.0.1:\(baresip.port(for: .udp))", "--play", prompt, "--record", heard, "--hangup-after", "3s",
        ], directory: directory)
        #expect(await caller.waitForExit() == 0, "\(caller.log)")
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        #expect(caller.log.contains("played \(prompt)"))
        #expect(ToneSequence.heard(in: try WAVFile.read(path: heard)) == ToneSequence.frequencies, "what herald call recorded")
        let baresipHeard = try #require(baresip.heardPaths.first)
        #expect(ToneSequence.heard(in: try WAVFile.read(path: baresipHeard)) == ToneSequence.frequencies, "what baresip heard")
    }

    @Test("a refused call exits 1 with the reason")
    func refused() async throws {
        let herald = try await HeraldMedia.start()
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        let directory = try makeTemporaryDirectory("herald-call-refused")
        let caller = try PeerProcess(try heraldExecutable(), ["call", "sip:5000@127.0.0.1:\(port)"], directory: directory)
        for await incoming in herald.agent.incomingCalls {
            await incoming.reject(486)
            break
        }
        #expect(await caller.waitForExit() == 1)
        #expect(caller.log.contains("call failed: busy"))
        await herald.stop()
    }
}
