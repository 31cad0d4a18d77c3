import Foundation
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

@Suite("Kamailio proxies calls to Herald", .tags(.interop), .serialized, .timeLimit(.minutes(1)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/kamailio") && hasPjsua2))
struct KamailioTests {
    /// pjsua → Kamailio (record-route) → Herald; Herald's BYE follows the route set back through Kamailio.
    @Test func callThroughARecordRoutingProxy() async throws {
        let herald = try await startHerald([.udp])
        let heraldPort = try #require(herald.transport.localAddress(.udp)).port
        let kamailio = try await Kamailio.start(relayingTo: [heraldPort])
        let directory = try makeTemporaryDirectory("pjsua-kamailio")
        let peer = try PeerProcess("/usr/bin/env", ["python3", peersDirectory.appendingPathComponent("pjsua_call.py").path,
                                                    "sip:5000@127.0.0.1:\(kamailio.port)"], directory: directory)

        var incomingCalls = herald.incomingCalls.makeAsyncIterator()
        let incoming = try #require(await incomingCalls.next())
        let recordRoute = try incoming.invite.headers.recordRoute
        #expect(recordRoute.count == 1)
        #expect(recordRoute.first?.uri.port == kamailio.port)
        #expect(recordRoute.first?.uri.isLooseRouter == true)
        #expect(try incoming.invite.headers.via.count == 2)

        var session = heraldSession()
        let (answer, _) = try session.receiveOffer(try SessionDescription(parsing: incoming.offer), audio: LocalStream(port: freePort()))
        let call = try await incoming.answer(sdp: answer.serializedBytes())
        await call.hangUp()
        #expect(await peer.waitForExit() == 0, "\(peer.log)")
        #expect(peer.log.contains("STATE DISCONNECTED"))
        await kamailio.stop()
        await herald.shutdown()
    }
}
