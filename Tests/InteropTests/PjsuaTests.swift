import CallControl
import Codecs
import Foundation
import Logging
import MediaEngine
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// pjsua2 (PJSIP) is available when python3 can import it (PyPI `pjsua2-python`, installed by `make setup`).
let hasPjsua2: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import pjsua2"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

let peersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")

@Suite("pjsua2 calls Herald", .tags(.interop), .timeLimit(.minutes(1)), .enabled(if: hasPjsua2))
struct PjsuaTests {
    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp])
    func pjsuaSendsInfoDTMFIntoTheMediaDigitStream(_ kind: SIPTransportAddress.Transport) async throws {
        let herald = try await startHerald([kind])
        let port = try #require(herald.transport.localAddress(kind)).port
        let directory = try makeTemporaryDirectory("pjsua")
        let target = "sip:5000@127.0.0.1:\(port);transport=\(kind.rawValue.lowercased())"
        let peer = try PeerProcess("/usr/bin/env", ["python3", peersDirectory.appendingPathComponent("pjsua_call.py").path, target,
                                                    "--transport", kind.rawValue.lowercased(), "--dtmf", "4"], directory: directory)

        let engine = MediaEngine(configuration: MediaEngineConfiguration(codecPreference: [.pcmu, .pcma]), logger: Logger(label: "test.media"))
        var incomingCalls = herald.incomingCalls.makeAsyncIterator()
        let incoming = try #require(await incomingCalls.next())
        let media = try await engine.openSession()
        let answer = try await media.answer(try SessionDescription(parsing: incoming.offer))
        let call = try await incoming.answer(sdp: answer.serializedBytes())

        // pjsua sends the digit as SIP INFO application/dtmf-relay once the call is confirmed. It may first send an
        // UPDATE or re-INVITE (to lock the codec or refresh the session): `CallSignalling`, as `herald serve` runs it,
        // answers those and puts the INFO's digit into the media session's digit stream, where collectDigits finds it.
        let events = Task { await CallSignalling(call: call, media: media, logger: Logger(label: "test.signalling")).run() }
        #expect(try await media.collectDigits(max: 1, firstDigitTimeout: .seconds(20)) == .digits("4", terminator: nil), "\(peer.log)")

        await media.close()
        await call.hangUp()
        await events.value
        #expect(await peer.waitForExit() == 0, "\(peer.log)")
        #expect(peer.log.contains("STATE CONFIRMED"))
        #expect(peer.log.contains("STATE DISCONNECTED"))
        await herald.shutdown()
        await engine.shutdown()
    }

    /// pjsua requires 100rel: Herald's 180 Ringing goes reliably (RSeq) and is PRACKed before the call is answered.
    @Test func reliableProvisionalResponsesArePRACKed() async throws {
        let herald = try await startHerald([.udp])
        let port = try #require(herald.transport.localAddress(.udp)).port
        let directory = try makeTemporaryDirectory("pjsua-100rel")
        let peer = try PeerProcess("/usr/bin/env", ["python3", peersDirectory.appendingPathComponent("pjsua_call.py").path,
                                                    "sip:5000@127.0.0.1:\(port)", "--require-100rel", "--sip-log"], directory: directory)
        var incomingCalls = herald.incomingCalls.makeAsyncIterator()
        let incoming = try #require(await incomingCalls.next())
        #expect(try incoming.invite.headers.require.contains("100rel"))
        await incoming.ring()
        var session = heraldSession()
        let (answer, _) = try session.receiveOffer(try SessionDescription(parsing: incoming.offer), audio: LocalStream(port: freePort()))
        let call = try await incoming.answer(sdp: answer.serializedBytes())
        #expect(await call.waitUntilConfirmed())
        await call.hangUp()
        #expect(await peer.waitForExit() == 0, "\(peer.log)")
        #expect(peer.log.contains("RSeq: "), "our 180 was not sent reliably")
        #expect(peer.log.contains("PRACK sip:"), "pjsua sent no PRACK")
        await herald.shutdown()
    }
}
