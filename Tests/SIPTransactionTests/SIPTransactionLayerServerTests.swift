import SIPMessage
import SIPTransaction
import Testing

@Suite("SIPTransactionLayer, server side, on virtual time")
struct SIPTransactionLayerServerTests {
    let client = TestMessages.clientAddress

    /// Receives `request` from the client and returns the handle the TU gets.
    func deliver(_ request: SIPMessage, to h: LayerHarness, events: inout AsyncStream<SIPTransactionLayerEvent>.Iterator,
                 from source: SIPTransportAddress = TestMessages.clientAddress) async throws -> SIPServerTransactionHandle {
        let disposition = await h.layer.receive(request, from: source)
        #expect(disposition == .newServerTransaction(try SIPServerTransactionID(request: request)))
        return try #require(await events.next()?.handle)
    }

    @Test func inviteIsAnswered100TryingAtOnceAndRetransmissionsGetTheLatestProvisional() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let handle = try await deliver(invite, to: h, events: &events)
        #expect(handle.request.method == .invite)
        #expect(h.transmitter.responses(100).count == 1)
        #expect(h.transmitter.responses(100).first?.to == client)

        await h.clock.advance(to: s(0.5))
        #expect(await h.layer.receive(invite, from: client) == .retransmission(handle.id))
        #expect(h.transmitter.responses(100).times == [0, 0.5].map(s))

        #expect(await handle.respond(handle.makeResponse(180)))
        await h.clock.advance(to: s(1.5))
        await h.layer.receive(invite, from: client)
        #expect(h.transmitter.responses(180).times == [0.5, 1.5].map(s))
    }

    @Test func lostACKMeansTimerGRetransmissionsUntilTimerH() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let handle = try await deliver(TestMessages.request(.invite), to: h, events: &events)
        #expect(await handle.respond(handle.makeResponse(486)))

        await h.clock.advance(to: s(31.9))
        #expect(h.transmitter.responses(486).times == [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5].map(s))
        #expect(await h.layer.serverTransactionCount == 1)
        await h.clock.advance(to: s(32))
        #expect(await h.layer.serverTransactionCount == 0)
        let failure = try #require(await events.next()?.failure)
        #expect(failure.0 == handle.id)
        #expect(failure.1 == .timeout)
        #expect(h.clock.pendingCount == 0)
    }

    @Test func ackStopsTimerGAndTimerIEndsTheTransaction() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let handle = try await deliver(invite, to: h, events: &events)
        let busy = handle.makeResponse(486)
        await handle.respond(busy)
        await h.clock.advance(to: s(1))
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: busy)
        #expect(await h.layer.receive(ack, from: client) == .ackMatched(handle.id))
        #expect(await h.layer.receive(ack, from: client) == .ackMatched(handle.id))
        await h.clock.advance(to: s(5.9))
        #expect(h.transmitter.responses(486).times == [0, 0.5].map(s))
        #expect(await h.layer.serverTransactionCount == 1)
        await h.clock.advance(to: s(6))
        #expect(await h.layer.serverTransactionCount == 0)
    }

    @Test func nonInviteRetransmissionsGetTheFinalResponseUntilTimerJ() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let options = TestMessages.request(.options)
        let handle = try await deliver(options, to: h, events: &events)
        // Before the TU answers, a retransmission has nothing to repeat.
        #expect(await h.layer.receive(options, from: client) == .retransmission(handle.id))
        #expect(h.transmitter.sent.isEmpty)
        await handle.respond(handle.makeResponse(200))
        await h.clock.advance(to: s(2))
        #expect(await h.layer.receive(options, from: client) == .retransmission(handle.id))
        await h.clock.advance(to: s(20))
        await h.layer.receive(options, from: client)
        #expect(h.transmitter.responses(200).times == [0, 2, 20].map(s))
        await h.clock.advance(to: s(32))
        #expect(await h.layer.serverTransactionCount == 0)
        // Once Timer J has let it go, the same request is new again (RFC 3261 §17.2.2).
        _ = try await deliver(options, to: h, events: &events)
        // The handle of the ended transaction can no longer respond.
        #expect(await handle.respond(handle.makeResponse(200)) == false)
    }

    @Test func reliableTransportSendsOnceAndEndsWithTheFinalResponse() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let tcpClient = SIPTransportAddress(.tcp, host: "192.0.2.10", port: 49_152)
        let invite = TestMessages.request(.invite, viaTransport: "TCP")
        let handle = try await deliver(invite, to: h, events: &events, from: tcpClient)
        let busy = handle.makeResponse(486)
        await handle.respond(busy)
        await h.clock.advance(to: s(20))
        #expect(h.transmitter.responses(486).count == 1)
        #expect(h.transmitter.sent.allSatisfy { $0.to == tcpClient })
        #expect(await h.layer.receive(try ClientInviteTransaction.ack(for: invite, acknowledging: busy), from: tcpClient) == .ackMatched(handle.id))
        #expect(await h.layer.serverTransactionCount == 0)

        let options = TestMessages.request(.options, branch: "z9hG4bK-2", viaTransport: "TCP")
        let optionsHandle = try await deliver(options, to: h, events: &events, from: tcpClient)
        await optionsHandle.respond(optionsHandle.makeResponse(200))
        #expect(await h.layer.serverTransactionCount == 0)
    }

    @Test func acceptedAbsorbsInviteRetransmissionsAndPassesACKsUp() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let handle = try await deliver(invite, to: h, events: &events)
        let ok = handle.makeResponse(200)
        await handle.respond(ok)
        await h.clock.advance(to: s(0.3))
        #expect(await h.layer.receive(invite, from: client) == .retransmission(handle.id))
        #expect(h.transmitter.responses(200).count == 1)
        // The TU (dialog layer) retransmits its 2xx through the transaction (RFC 3261 §13.3.1.4).
        await h.clock.advance(to: s(0.5))
        #expect(await handle.respond(ok))
        #expect(h.transmitter.responses(200).times == [0, 0.5].map(s))

        // The ACK for a 2xx has a branch of its own, so it matches no transaction and goes to the TU.
        let ack = TestMessages.request(.ack, branch: "z9hG4bK-ack", toTag: "tag-1", cseqMethod: .ack)
        #expect(await h.layer.receive(ack, from: client) == .ackPassedToTransactionUser)
        #expect(await events.next()?.ack?.method == .ack)
        // An ACK that does carry the INVITE's branch is passed up by the Accepted state (RFC 6026 §7.1).
        let sameBranchACK = TestMessages.request(.ack, toTag: "tag-1", cseqMethod: .ack)
        #expect(await h.layer.receive(sameBranchACK, from: client) == .ackMatched(handle.id))
        #expect(await events.next()?.ack?.method == .ack)

        await h.clock.advance(to: s(32))
        #expect(await h.layer.serverTransactionCount == 0)
        #expect(await handle.respond(ok) == false)
    }

    @Test func cancelIsAnswered200AndTheTUIsTold() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let handle = try await deliver(invite, to: h, events: &events)
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        #expect(await h.layer.receive(cancel, from: client) == .cancelMatched(invite: handle.id))

        let cancelOK = try #require(h.transmitter.responses(200).first?.message)
        #expect(try cancelOK.headers.cseq == SIPCSeq(1, .cancel))
        #expect(try cancelOK.headers.to.tag == handle.localTag)
        let cancelled = try #require(await events.next()?.cancelledHandle)
        #expect(cancelled.id == handle.id)

        // The TU ends the INVITE with 487, carrying the same To tag as the 200 to the CANCEL (§9.2).
        let terminated = cancelled.makeResponse(487)
        #expect(try terminated.headers.to.tag == handle.localTag)
        #expect(await cancelled.respond(terminated))
        #expect(await h.layer.receive(try ClientInviteTransaction.ack(for: invite, acknowledging: terminated), from: client) == .ackMatched(handle.id))

        // A retransmitted CANCEL gets the 200 again from its own transaction.
        #expect(await h.layer.receive(cancel, from: client) == .retransmission(try SIPServerTransactionID(request: cancel)))
        #expect(h.transmitter.responses(200).count == 2)
    }

    @Test func cancelAfterTheFinalResponseIsAnsweredButChangesNothing() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let handle = try await deliver(invite, to: h, events: &events)
        await handle.respond(handle.makeResponse(200))
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        #expect(await h.layer.receive(cancel, from: client) == .cancelMatched(invite: handle.id))
        #expect(h.transmitter.sent.compactMap(\.statusCode) == [100, 200, 200])
        // The next event is the next request: the TU was not told of a cancellation.
        let marker = TestMessages.request(.options, branch: "z9hG4bK-marker", callID: "marker")
        let next = try await deliver(marker, to: h, events: &events)
        #expect(next.request.method == .options)
    }

    @Test func cancelMatchingNothingIsAnswered481() async throws {
        let h = LayerHarness()
        let cancel = try ClientInviteTransaction.cancel(for: TestMessages.request(.invite, branch: "z9hG4bK-gone"))
        #expect(await h.layer.receive(cancel, from: client) == .cancelUnmatched(try SIPServerTransactionID(request: cancel)))
        let response = try #require(h.transmitter.sent.first?.message)
        #expect(response.statusCode == 481)
        #expect(try response.headers.to.tag != nil)
    }

    @Test func mergedRequestIsAnswered482WithoutBotheringTheTU() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let original = TestMessages.request(.invite, branch: "z9hG4bK-path1")
        _ = try await deliver(original, to: h, events: &events)
        // The same INVITE forked upstream arrives again by another path: same From tag, Call-ID and CSeq, new branch.
        let merged = TestMessages.request(.invite, branch: "z9hG4bK-path2", viaHost: "192.0.2.20")
        let mergedID = try SIPServerTransactionID(request: merged)
        #expect(await h.layer.receive(merged, from: SIPTransportAddress(.udp, host: "192.0.2.20", port: 5060)) == .mergedRequest(mergedID))
        let loop = try #require(h.transmitter.responses(482).first)
        #expect(loop.to == SIPTransportAddress(.udp, host: "192.0.2.20", port: 5060))
        #expect(try loop.message.headers.topVia.branch == "z9hG4bK-path2")
        // Its retransmission gets the 482 again.
        #expect(await h.layer.receive(merged, from: SIPTransportAddress(.udp, host: "192.0.2.20", port: 5060)) == .retransmission(mergedID))
        #expect(h.transmitter.responses(482).count == 2)
        // A request inside a dialog (with a To tag) is never taken for a merged one.
        let inDialog = TestMessages.request(.invite, branch: "z9hG4bK-path3", toTag: "existing")
        #expect(await h.layer.receive(inDialog, from: client) == .newServerTransaction(try SIPServerTransactionID(request: inDialog)))
        #expect(try await events.next()?.handle?.request.headers.topVia.branch == "z9hG4bK-path3")
    }

    @Test func responsesFollowReceivedAndRport() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let nat = SIPTransportAddress(.udp, host: "203.0.113.7", port: 40_000)

        // rport asked: back to the address and port the request came from (RFC 3581).
        let withRport = TestMessages.request(.invite, branch: "z9hG4bK-r", viaHost: "10.0.0.5", rport: true)
        let handle = try await deliver(withRport, to: h, events: &events, from: nat)
        #expect(try handle.request.headers.topVia.received == "203.0.113.7")
        #expect(try handle.request.headers.topVia.rport == .port(40_000))
        #expect(h.transmitter.responses(100).last?.to == nat)
        #expect(try h.transmitter.responses(100).last?.message.headers.topVia.rport == .port(40_000))

        // No rport: to the received address, at the sent-by port (RFC 3261 §18.2.2).
        let withoutRport = TestMessages.request(.options, branch: "z9hG4bK-n", viaHost: "10.0.0.5", viaPort: 5070)
        let optionsHandle = try await deliver(withoutRport, to: h, events: &events, from: nat)
        await optionsHandle.respond(optionsHandle.makeResponse(200))
        #expect(h.transmitter.responses(200).last?.to == SIPTransportAddress(.udp, host: "203.0.113.7", port: 5070))
    }

    @Test func rfc2543RequestsAreMatchedByTheirHeaders() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite, branch: "legacy-1")
        let handle = try await deliver(invite, to: h, events: &events)
        #expect(!handle.id.isRFC3261)
        #expect(await h.layer.receive(invite, from: client) == .retransmission(handle.id))
        let busy = handle.makeResponse(486)
        await handle.respond(busy)
        // The RFC 2543 ACK carries the To tag of the 486, which the INVITE did not have.
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: busy)
        #expect(await h.layer.receive(ack, from: client) == .ackMatched(handle.id))
        // An ACK with another To tag is not this transaction's.
        let stranger = TestMessages.request(.ack, branch: "legacy-1", toTag: "someone-else", cseqMethod: .ack)
        #expect(await h.layer.receive(stranger, from: client) == .ackPassedToTransactionUser)
        await h.clock.advance(by: .seconds(10))
        #expect(h.transmitter.responses(486).count == 1)
        #expect(await h.layer.serverTransactionCount == 0)
    }

    @Test func transportErrorOnAResponseIsReported() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let handle = try await deliver(TestMessages.request(.options), to: h, events: &events)
        h.transmitter.failNext()
        #expect(await handle.respond(handle.makeResponse(200)))
        let failure = try #require(await events.next()?.failure)
        #expect(failure.0 == handle.id)
        #expect(failure.1 == .transportError(SIPTransactionError(.transportFailed, "connection refused")))
        #expect(await h.layer.serverTransactionCount == 0)
    }

    @Test func failed100TryingEndsTheTransactionAfterTheTUHeardOfIt() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        h.transmitter.failNext()
        let invite = TestMessages.request(.invite)
        #expect(await h.layer.receive(invite, from: client) == .newServerTransaction(try SIPServerTransactionID(request: invite)))
        let handle = try #require(await events.next()?.handle)
        let failure = try #require(await events.next()?.failure)
        #expect(failure.0 == handle.id)
        #expect(await h.layer.serverTransactionCount == 0)
        #expect(await handle.respond(handle.makeResponse(180)) == false)
    }

    @Test func malformedMessagesAreReportedNotAnswered() async throws {
        let h = LayerHarness()
        var noVia = TestMessages.request(.options)
        noVia.headers.remove(.via)
        guard case .malformed(let error) = await h.layer.receive(noVia, from: client) else {
            Issue.record("expected .malformed")
            return
        }
        #expect(error.kind == .malformed)
        var noCallID = TestMessages.request(.options)
        noCallID.headers.remove(.callID)
        guard case .malformed = await h.layer.receive(noCallID, from: client) else {
            Issue.record("expected .malformed")
            return
        }
        #expect(h.transmitter.sent.isEmpty)
        #expect(await h.layer.transactionCount == 0)
    }
}
