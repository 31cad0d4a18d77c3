import SIPMessage
import SIPTransaction
import Testing

@Suite("SIPTransactionLayer keeps its state bounded")
struct SIPTransactionLayerBoundsTests {
    let client = TestMessages.clientAddress

    @Test func aFloodOfAnsweredRequestsLeavesNothingBehind() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        for n in 0..<300 {
            let request = TestMessages.request(.options, branch: "z9hG4bK-flood-\(n)", callID: "flood-\(n)")
            await h.layer.receive(request, from: client)
            let handle = try #require(await events.next()?.handle)
            await handle.respond(handle.makeResponse(200))
        }
        #expect(await h.layer.serverTransactionCount == 300)
        await h.clock.advance(to: s(32))
        #expect(await h.layer.transactionCount == 0)
        #expect(h.clock.pendingCount == 0)
    }

    @Test func transactionsBeyondTheLimitAreAnswered503Statelessly() async throws {
        let h = LayerHarness(configuration: .init(maxTransactions: 2))
        for n in 0..<2 {
            let request = TestMessages.request(.options, branch: "z9hG4bK-\(n)", callID: "c\(n)")
            #expect(await h.layer.receive(request, from: client) == .newServerTransaction(try SIPServerTransactionID(request: request)))
        }
        let third = TestMessages.request(.options, branch: "z9hG4bK-3", callID: "c3")
        #expect(await h.layer.receive(third, from: client) == .rejectedOverload)
        #expect(h.transmitter.responses(503).count == 1)
        #expect(await h.layer.serverTransactionCount == 2)
        // Retransmissions of live transactions are still absorbed.
        let first = TestMessages.request(.options, branch: "z9hG4bK-0", callID: "c0")
        #expect(await h.layer.receive(first, from: client) == .retransmission(try SIPServerTransactionID(request: first)))
    }

    @Test func aTUThatFallsBehindMakesTheLayerAnswer503() async throws {
        let h = LayerHarness(configuration: .init(eventBufferLimit: 2))
        for n in 0..<2 {
            await h.layer.receive(TestMessages.request(.invite, branch: "z9hG4bK-\(n)", callID: "c\(n)"), from: client)
        }
        let third = TestMessages.request(.invite, branch: "z9hG4bK-3", callID: "c3")
        #expect(await h.layer.receive(third, from: client) == .rejectedOverload)
        // The INVITE got its 100 Trying and then a 503 from its transaction, which ends on the ACK or Timer H.
        #expect(h.transmitter.sent.compactMap(\.statusCode) == [100, 100, 100, 503])
        #expect(await h.layer.serverTransactionCount == 3)
        await h.clock.advance(to: s(32))
        #expect(await h.layer.serverTransactionCount == 2)
    }
}
