import Foundation
import HeraldTestKit
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// Herald's media capabilities for these signalling tests: G.711 with telephone-event.
func heraldSession() -> OfferAnswer {
    OfferAnswer(capabilities: MediaCapabilities(codecs: [.pcmu, .pcma], connectionAddress: .ip4("127.0.0.1")), sessionID: 1)
}

@Suite("baresip and Herald call each other", .tags(.interop), .serialized, .timeLimit(.minutes(1)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct BaresipTests {
    static func tlsSetup() throws -> (SIPTLSConfiguration, (certificateAndKey: String, ca: String)) {
        let certificates = try TestCertificates.make()
        let combined = certificates.directory.appendingPathComponent("combined.pem")
        let pem = try String(contentsOfFile: certificates.certificatePath, encoding: .utf8) + String(contentsOfFile: certificates.keyPath, encoding: .utf8)
        try pem.write(to: combined, atomically: true, encoding: .utf8)
        let tls = SIPTLSConfiguration(certificateChainPath: certificates.certificatePath, privateKeyPath: certificates.keyPath,
                                      trustRootsPath: certificates.caPath, serverVerification: .chainOnly)
        return (tls, (combined.path, certificates.caPath))
    }

    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp, .tls])
    func baresipCallsHerald(_ kind: SIPTransportAddress.Transport) async throws {
        let tls = kind == .tls ? try Self.tlsSetup() : nil
        let herald = try await startHerald([kind], tls: tls?.0)
        let baresip = try await Baresip.start(transport: kind, tls: tls?.1)
        let port = try #require(herald.transport.localAddress(kind)).port

        let answering = Task { () throws -> SIPCall? in
            for await incoming in herald.incomingCalls {
                var session = heraldSession()
                let offer = try SessionDescription(parsing: incoming.offer)
                let (answer, negotiated) = try session.receiveOffer(offer, audio: LocalStream(port: freePort()))
                #expect(negotiated.first?.codec?.encodingName.uppercased() == "PCMU")
                await incoming.ring()
                return try await incoming.answer(sdp: answer.serializedBytes())
            }
            return nil
        }
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port);transport=\(kind.rawValue.lowercased())")
        let call = try #require(try await answering.value)
        #expect(await baresip.waitForEvent("CALL_ESTABLISHED") != nil)
        #expect(call.invite.method == SIPMethod.invite)

        await call.hangUp()
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        await herald.shutdown()
    }

    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp, .tls])
    func heraldCallsBaresip(_ kind: SIPTransportAddress.Transport) async throws {
        let tls = kind == .tls ? try Self.tlsSetup() : nil
        let herald = try await startHerald([kind], tls: tls?.0)
        let baresip = try await Baresip.start(autoAnswer: true, transport: kind, tls: tls?.1)
        var session = heraldSession()
        let offer = session.makeOffer([.audio(LocalStream(port: freePort()), direction: .sendrecv)])
        var target = SIPURI(user: "caller", host: "127.0.0.1", port: baresip.port(for: kind))
        target.parameters.append("transport", kind.rawValue.lowercased())

        let call = try await herald.call(
            to: target, from: NameAddress(displayName: "Herald", uri: SIPURI(user: "5000", host: "127.0.0.1")),
            offer: offer.serializedBytes(), ringTimeout: .seconds(20))
        let negotiated = try session.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
        #expect(negotiated.first?.codec?.encodingName.uppercased() == "PCMU")

        try await baresip.command("hangup")
        #expect(await call.waitUntilEnded() == .remoteHangUp)
        await baresip.stop()
        await herald.shutdown()
    }
}
