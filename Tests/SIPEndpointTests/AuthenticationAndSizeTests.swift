import Foundation
import SIPDialog
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

@Suite("Digest authentication and large requests", .timeLimit(.minutes(1)))
struct AuthenticationAndSizeTests {
    static func agent(_ kinds: [SIPTransportAddress.Transport], port: Int = 0, configuration: SIPUserAgentConfiguration) async throws -> SIPUserAgent {
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: kinds.map { .init($0, host: "127.0.0.1", port: port) }))
        try await transport.start()
        let agent = SIPUserAgent(configuration: configuration, transport: transport)
        await agent.start()
        return agent
    }

    static func protectedHerald() async throws -> SIPUserAgent {
        let server = try DigestServer(realm: "herald.example.com", secret: Array("a secret of sixteen bytes or more".utf8))
        let policy = SIPAuthenticationPolicy(
            server: server, appliesTo: { method, _ in method == .invite || method == .options },
            lookup: { username, _, _ in username == "pbx" ? .password("s3cret") : nil })
        return try await agent([.udp], configuration: SIPUserAgentConfiguration(authentication: policy))
    }

    @Test func callerWithCredentialsIsChallengedAndGetsThrough() async throws {
        let herald = try await Self.protectedHerald()
        let pbx = try await Self.agent([.udp], configuration: SIPUserAgentConfiguration(
            user: "pbx", credentials: { realm in realm == "herald.example.com" ? ("pbx", "s3cret") : nil }))
        let address = try #require(herald.transport.localAddress(.udp))
        let answering = Task { () throws -> SIPCall? in
            for await incoming in herald.incomingCalls {
                #expect(incoming.invite.headers.contains(.authorization))
                return try await incoming.answer(sdp: answerSDP)
            }
            return nil
        }
        let call = try await pbx.call(to: SIPURI(user: "5000", host: address.host, port: address.port), from: caller, offer: offerSDP)
        let answered = try #require(try await answering.value)
        await call.hangUp()
        #expect(await answered.waitUntilEnded() == .remoteHangUp)
        await pbx.shutdown()
        await herald.shutdown()
    }

    @Test func wrongPasswordFailsWithAuthenticationFailed() async throws {
        let herald = try await Self.protectedHerald()
        let intruder = try await Self.agent([.udp], configuration: SIPUserAgentConfiguration(user: "pbx", credentials: { _ in ("pbx", "guess") }))
        let address = try #require(herald.transport.localAddress(.udp))
        await #expect(throws: SIPCallFailure.authenticationFailed(realm: "herald.example.com")) {
            _ = try await intruder.call(to: SIPURI(user: "5000", host: address.host, port: address.port), from: caller, offer: offerSDP)
        }
        let response = try await intruder.options(to: SIPURI(user: "herald", host: address.host, port: address.port))
        #expect(response.statusCode == 401)
        await intruder.shutdown()
        await herald.shutdown()
    }

    /// RFC 3261 §18.1.1: an INVITE over 1300 bytes that would go over UDP goes over TCP to the same port.
    @Test func largeRequestSwitchesFromUDPToTCP() async throws {
        let callee = try await Self.agent([.udp, .tcp], configuration: SIPUserAgentConfiguration())
        let udp = try #require(callee.transport.localAddress(.udp))
        let tcpPort = try #require(callee.transport.localAddress(.tcp)).port
        let caller = try await Self.agent([.udp], configuration: SIPUserAgentConfiguration())
        let answering = Task { () throws -> IncomingCall? in
            for await incoming in callee.incomingCalls {
                _ = try await incoming.answer(sdp: answerSDP)
                return incoming
            }
            return nil
        }
        let bigOffer = offerSDP + Array(String(repeating: "a=x-padding:0123456789abcdef\r\n", count: 60).utf8)
        // The callee listens on TCP at another port than UDP here, so aim the call at its TCP port explicitly
        // through a UDP destination: the switch keeps host and port and changes only the transport.
        let call = try await caller.call(to: SIPURI(user: "5000", host: udp.host, port: tcpPort), from: NameAddress(uri: SIPURI(user: "4001", host: "127.0.0.1")),
                                         offer: bigOffer, destination: SIPTransportAddress(.udp, host: udp.host, port: tcpPort))
        let incoming = try #require(try await answering.value)
        #expect(incoming.source.transport == .tcp)
        #expect(try incoming.invite.headers.topVia.transport == "TCP")
        await call.hangUp()
        await caller.shutdown()
        await callee.shutdown()
    }
}
