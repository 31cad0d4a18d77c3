import SIPEndpoint
import SIPMessage
import SIPTransaction
import SIPTransport
import Testing

/// RFC 3261 §9.1: a CANCEL only once the INVITE has a provisional response. The ring timeout and the first 1xx may come
/// in either order; on virtual time the timeout is made to come first.
@Suite("the ring timeout's CANCEL waits for a provisional response", .timeLimit(.minutes(1)))
struct RingTimeoutTests {
    @Test("a ring timeout that passes before the 180 cancels the call when the 180 comes")
    func timeoutBeforeRinging() async throws {
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let rawAddress = try #require(raw.localAddress(.udp))
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await transport.start()
        let clock = ManualTimerScheduler()
        let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: "caller"), transport: transport, scheduler: clock)
        await agent.start()

        let calling = Task {
            try await agent.call(
                to: SIPURI(user: "5000", host: "127.0.0.1", port: rawAddress.port), from: caller, offer: offerSDP,
                destination: rawAddress, ringTimeout: .seconds(5))
        }
        var events = raw.events.makeAsyncIterator()
        var invite: SIPMessage?
        var source: SIPTransportAddress?
        while invite == nil, case .message(let message, let from, _) = await events.next() {
            if message.method == .invite { (invite, source) = (message, from) }
        }
        let request = try #require(invite)
        let callerAddress = try #require(source)
        // The ring timeout passes with no provisional response yet: no CANCEL may go.
        await clock.advance(by: .seconds(6))
        try await raw.send(SIPResponseFactory.response(to: request, statusCode: 180, toTag: "far"), to: callerAddress)
        var cancelled = false
        while !cancelled, case .message(let message, let from, _) = await events.next() {
            guard message.method == .cancel else { continue }
            cancelled = true
            try await raw.send(SIPResponseFactory.response(to: message, statusCode: 200, toTag: "far"), to: from)
            try await raw.send(SIPResponseFactory.response(to: request, statusCode: 487, toTag: "far"), to: from)
        }
        #expect(cancelled)
        await #expect(throws: SIPCallFailure.noAnswer) { _ = try await calling.value }
        await agent.shutdown()
        await raw.shutdown()
    }
}
