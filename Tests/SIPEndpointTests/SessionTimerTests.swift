import Foundation
import SIPDialog
import SIPEndpoint
import SIPMessage
import SIPTransaction
import SIPTransport
import Testing

@Suite("Session timers (RFC 4028) between two user agents", .timeLimit(.minutes(1)))
struct SessionTimerTests {
    /// The callee runs on virtual time. The caller asks for timers and is made the refresher; when it never refreshes,
    /// the callee hangs up at the expiry with a Reason, and both calls end.
    @Test func calleeHangsUpWhenTheSessionIsNotRefreshed() async throws {
        let clock = ManualTimerScheduler()
        let calleeTransport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await calleeTransport.start()
        let callee = SIPUserAgent(configuration: SIPUserAgentConfiguration(), transport: calleeTransport, scheduler: clock)
        await callee.start()
        let caller = try await AuthenticationAndSizeTests.agent([.udp], configuration: SIPUserAgentConfiguration())
        let address = try #require(calleeTransport.localAddress(.udp))

        let answering = Task { () throws -> SIPCall? in
            for await incoming in callee.incomingCalls { return try await incoming.answer(sdp: answerSDP) }
            return nil
        }
        let call = try await caller.call(to: SIPURI(user: "5000", host: address.host, port: address.port), from: NameAddress(uri: SIPURI(user: "4001", host: "127.0.0.1")), offer: offerSDP)
        let answered = try #require(try await answering.value)
        #expect(await answered.waitUntilConfirmed())
        let invite = answered.invite
        #expect(try invite.headers.sessionExpires != nil)
        #expect(try invite.headers.supported.contains("timer"))

        // Long before the expiry nothing happens; past it (interval − min(32, interval/3)) the callee sends BYE.
        let interval = try #require(try invite.headers.sessionExpires?.seconds)
        await clock.advance(by: .seconds(interval / 2))
        #expect(await callee.callCount == 1)
        await clock.advance(by: .seconds(interval))
        #expect(await answered.waitUntilEnded() == .sessionExpired)
        #expect(await call.waitUntilEnded() == .remoteHangUp)
        await caller.shutdown()
        await callee.shutdown()
    }
}
