import SIPMessage
import SIPTransaction
import Testing

/// A UAC layer and Herald's layer joined by an in-memory network that can lose messages.
@Suite("Two transaction layers over a lossy loopback network")
struct SIPTransactionLayerLoopbackTests {
    let clock = ManualTimerScheduler()
    let network: LoopbackNetwork
    let uac: SIPTransactionLayer
    let herald: SIPTransactionLayer

    init() {
        network = LoopbackNetwork(clock: clock)
        uac = SIPTransactionLayer(transmitter: network.endpoint(TestMessages.clientAddress), scheduler: clock, makeTag: countingTags())
        herald = SIPTransactionLayer(transmitter: network.endpoint(TestMessages.heraldAddress), scheduler: clock, makeTag: countingTags())
        network.attach(uac, at: TestMessages.clientAddress)
        network.attach(herald, at: TestMessages.heraldAddress)
    }

    @Test func lostInvitesAreRetransmittedUntilOneArrivesThenTheCallIsRejected() async throws {
        network.drop(first: 2)
        var heraldEvents = herald.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let calls = try await uac.sendRequest(invite, to: TestMessages.heraldAddress)

        await clock.advance(to: s(1.5))
        let inviteSends = network.sent.filter { $0.method == .invite }
        #expect(inviteSends.times == [0, 0.5, 1.5].map(s))
        #expect(inviteSends.map(\.dropped) == [true, true, false])
        let handle = try #require(await heraldEvents.next()?.handle)

        await handle.respond(handle.makeResponse(486))
        let callEvents = await collect(calls)
        #expect(callEvents.map { event -> Int? in
            switch event {
            case .provisional(let response), .final(let response): response.statusCode
            case .timeout, .transportError: nil
            }
        } == [100, 486])

        // The 100 Trying stopped Timer A, the ACK stopped Timer G: no retransmission follows.
        await clock.advance(to: s(40))
        #expect(network.sent.filter { $0.method == .invite }.count == 3)
        #expect(network.sent.filter { $0.statusCode == 486 }.count == 1)
        #expect(network.sent.filter { $0.method == .ack }.count == 1)
        #expect(await uac.transactionCount == 0)
        #expect(await herald.transactionCount == 0)
    }

    @Test func lostACKIsRecoveredByTheRetransmitted486() async throws {
        network.drop(1) { $0.method == .ack }
        var heraldEvents = herald.events.makeAsyncIterator()
        let calls = try await uac.sendRequest(TestMessages.request(.invite), to: TestMessages.heraldAddress)
        let handle = try #require(await heraldEvents.next()?.handle)
        await handle.respond(handle.makeResponse(486))
        #expect(await collect(calls).count == 2)

        // Timer G resends the 486 at 0.5 s; the UAC's Completed state answers it with the ACK again.
        await clock.advance(to: s(10))
        #expect(network.sent.filter { $0.statusCode == 486 }.times == [0, 0.5].map(s))
        #expect(network.sent.filter { $0.method == .ack }.map(\.dropped) == [true, false])
        #expect(await herald.serverTransactionCount == 0)
        await clock.advance(to: s(33))
        #expect(await uac.transactionCount == 0)
    }

    @Test func lostFinalResponseToANonInviteIsRepairedByTheRetransmittedRequest() async throws {
        network.drop(1) { $0.statusCode == 200 }
        var heraldEvents = herald.events.makeAsyncIterator()
        let options = try await uac.sendRequest(TestMessages.request(.options), to: TestMessages.heraldAddress)
        let handle = try #require(await heraldEvents.next()?.handle)
        await handle.respond(handle.makeResponse(200))
        await clock.advance(to: s(0.5))
        // Timer E resent the OPTIONS; Herald's Completed transaction answered it with the 200 again.
        let events = await collect(options)
        #expect(events.count == 1)
        #expect(network.sent.filter { $0.statusCode == 200 }.map(\.dropped) == [true, false])
        await clock.advance(to: s(40))
        #expect(await uac.transactionCount == 0)
        #expect(await herald.transactionCount == 0)
    }

    @Test func answeredCallAcceptedOnBothSides() async throws {
        var heraldEvents = herald.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let calls = try await uac.sendRequest(invite, to: TestMessages.heraldAddress)
        let handle = try #require(await heraldEvents.next()?.handle)
        let ok = handle.makeResponse(200)
        await handle.respond(ok)
        // Herald's TU retransmits the 2xx; the UAC's Accepted state passes both up.
        await clock.advance(to: s(0.5))
        await handle.respond(ok)
        await clock.advance(to: s(32))
        let events = await collect(calls)
        #expect(events.filter { if case .final = $0 { true } else { false } }.count == 2)
        #expect(await uac.transactionCount == 0)
        #expect(await herald.transactionCount == 0)
    }
}
