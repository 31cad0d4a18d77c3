import SIPMessage
import SIPTransaction
import Testing

@Suite("SIPTransactionLayer, client side, on virtual time")
struct SIPTransactionLayerClientTests {
    let herald = TestMessages.heraldAddress
    let peer = SIPTransportAddress(.udp, host: "192.0.2.1", port: 5060)

    @Test func inviteOverUDPIsRetransmittedOnTimerAAndTimesOutOnTimerB() async throws {
        let h = LayerHarness()
        let invite = TestMessages.request(.invite)
        let stream = try await h.layer.sendRequest(invite, to: peer)

        await h.clock.advance(to: s(31.9))
        #expect(h.transmitter.sent(.invite).times == [0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5].map(s))
        #expect(h.transmitter.sent(.invite).allSatisfy { $0.to == peer && $0.message == invite })
        #expect(await h.layer.clientTransactionCount == 1)

        await h.clock.advance(to: s(32))
        #expect(await h.layer.clientTransactionCount == 0)
        #expect(await collect(stream) == [.timeout])
        await h.clock.advance(by: .seconds(60))
        #expect(h.transmitter.sent(.invite).count == 7)
        #expect(h.clock.pendingCount == 0)
    }

    @Test func inviteOverTCPIsSentOnceAndTimesOutAt64T1() async throws {
        let h = LayerHarness()
        let tcpPeer = SIPTransportAddress(.tcp, host: "192.0.2.1", port: 5060)
        let stream = try await h.layer.sendRequest(TestMessages.request(.invite, viaTransport: "TCP"), to: tcpPeer)
        await h.clock.advance(to: s(31.9))
        #expect(h.transmitter.sent(.invite).times == [.zero])
        await h.clock.advance(to: s(32))
        #expect(await collect(stream) == [.timeout])
        #expect(await h.layer.transactionCount == 0)
    }

    @Test func nonInviteRetransmissionsAreCappedAtT2AndTimerFTimesOut() async throws {
        let h = LayerHarness()
        let stream = try await h.layer.sendRequest(TestMessages.request(.options), to: peer)
        await h.clock.advance(to: s(31.9))
        #expect(h.transmitter.sent(.options).times == [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5].map(s))
        await h.clock.advance(to: s(32))
        #expect(await collect(stream) == [.timeout])
        #expect(await h.layer.transactionCount == 0)
    }

    @Test func provisionalResponseSlowsNonInviteRetransmissionsToT2() async throws {
        let h = LayerHarness()
        let bye = TestMessages.request(.bye, toTag: "callee-tag", cseq: 2)
        let stream = try await h.layer.sendRequest(bye, to: peer)
        await h.clock.advance(to: s(1))
        let trying = TestMessages.response(100, to: bye)
        #expect(await h.layer.receive(trying, from: peer) == .responseMatched(SIPClientTransactionID(branch: "z9hG4bK-1", method: .bye)))
        await h.clock.advance(to: s(10))
        // E was armed for 1.5 s before the 100 arrived; from then on it runs every T2.
        #expect(h.transmitter.sent(.bye).times == [0, 0.5, 1.5, 5.5, 9.5].map(s))
        let ok = TestMessages.response(200, to: bye)
        await h.layer.receive(ok, from: peer)
        #expect(await collect(stream) == [.provisional(trying), .final(ok)])
        // Timer K keeps the transaction 5 s to absorb retransmissions of the 200, which never reach the TU.
        #expect(await h.layer.receive(ok, from: peer) == .responseMatched(SIPClientTransactionID(branch: "z9hG4bK-1", method: .bye)))
        await h.clock.advance(to: s(14.9))
        #expect(await h.layer.transactionCount == 1)
        await h.clock.advance(to: s(15))
        #expect(await h.layer.transactionCount == 0)
        #expect(h.transmitter.sent(.bye).count == 5)
    }

    @Test func nonSuccessFinalResponseIsAcknowledgedToTheInvitesDestination() async throws {
        let h = LayerHarness()
        let invite = TestMessages.request(.invite)
        let stream = try await h.layer.sendRequest(invite, to: peer)
        let busy = TestMessages.response(486, to: invite)
        await h.clock.advance(to: s(0.2))
        await h.layer.receive(busy, from: peer)
        #expect(await collect(stream) == [.final(busy)])
        let acks = h.transmitter.sent(.ack)
        #expect(acks.count == 1)
        #expect(acks.first?.to == peer)
        #expect(acks.first?.message == (try ClientInviteTransaction.ack(for: invite, acknowledging: busy)))
        // The server did not get the ACK and retransmits the 486: it is acknowledged again, silently for the TU.
        await h.clock.advance(to: s(0.7))
        await h.layer.receive(busy, from: peer)
        #expect(h.transmitter.sent(.ack).times == [0.2, 0.7].map(s))
        await h.clock.advance(to: s(32.1))
        #expect(await h.layer.transactionCount == 1)
        await h.clock.advance(to: s(32.2))
        #expect(await h.layer.transactionCount == 0)
        #expect(h.transmitter.sent(.invite).count == 1)
    }

    @Test func acceptedPassesEvery2xxAndLaterOnesAreStray() async throws {
        let h = LayerHarness()
        var events = h.layer.events.makeAsyncIterator()
        let invite = TestMessages.request(.invite)
        let stream = try await h.layer.sendRequest(invite, to: peer)
        let ringing = TestMessages.response(180, to: invite, toTag: "fork-1")
        let okFork1 = TestMessages.response(200, to: invite, toTag: "fork-1")
        let okFork2 = TestMessages.response(200, to: invite, toTag: "fork-2")
        let id = SIPClientTransactionID(branch: "z9hG4bK-1", method: .invite)
        #expect(await h.layer.receive(ringing, from: peer) == .responseMatched(id))
        #expect(await h.layer.receive(okFork1, from: peer) == .responseMatched(id))
        #expect(await h.layer.receive(okFork1, from: peer) == .responseMatched(id))
        #expect(await h.layer.receive(okFork2, from: peer) == .responseMatched(id))
        #expect(h.transmitter.sent(.ack).isEmpty)

        await h.clock.advance(to: s(32))
        #expect(await collect(stream) == [.provisional(ringing), .final(okFork1), .final(okFork1), .final(okFork2)])
        #expect(await h.layer.transactionCount == 0)

        // After Timer M a 2xx retransmission matches nothing: the dialog layer gets it to ACK again.
        #expect(await h.layer.receive(okFork1, from: peer) == .stray2xxPassedToTransactionUser)
        let stray = await events.next()
        #expect(stray?.stray2xx == okFork1)
        // Any other unmatched response is dropped.
        #expect(await h.layer.receive(TestMessages.response(486, to: invite), from: peer) == .responseDropped)
        #expect(await h.layer.receive(TestMessages.response(200, to: TestMessages.request(.options)), from: peer) == .responseDropped)
    }

    @Test func cancelIsAClientTransactionOfItsOwn() async throws {
        let h = LayerHarness()
        let invite = TestMessages.request(.invite)
        let inviteEvents = try await h.layer.sendRequest(invite, to: peer)
        await h.layer.receive(TestMessages.response(180, to: invite), from: peer)
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        let cancelEvents = try await h.layer.sendRequest(cancel, to: peer)
        #expect(await h.layer.clientTransactionCount == 2)
        let cancelOK = TestMessages.response(200, to: cancel)
        let terminated = TestMessages.response(487, to: invite)
        #expect(await h.layer.receive(cancelOK, from: peer) == .responseMatched(SIPClientTransactionID(branch: "z9hG4bK-1", method: .cancel)))
        #expect(await h.layer.receive(terminated, from: peer) == .responseMatched(SIPClientTransactionID(branch: "z9hG4bK-1", method: .invite)))
        #expect(await collect(cancelEvents) == [.final(cancelOK)])
        #expect(await collect(inviteEvents) == [.provisional(TestMessages.response(180, to: invite)), .final(terminated)])
    }

    @Test func cancelledInviteWithoutFinalResponseIsGivenUpAfter64T1() async throws {
        let h = LayerHarness()
        let invite = TestMessages.request(.invite)
        let inviteEvents = try await h.layer.sendRequest(invite, to: peer)
        let ringing = TestMessages.response(180, to: invite)
        await h.layer.receive(ringing, from: peer)
        await h.clock.advance(to: s(60))
        // Proceeding has no timer: the INVITE waits as long as the UAS rings.
        #expect(await h.layer.clientTransactionCount == 1)
        let cancelEvents = try await h.layer.sendRequest(try ClientInviteTransaction.cancel(for: invite), to: peer)
        let cancelOK = TestMessages.response(200, to: try ClientInviteTransaction.cancel(for: invite))
        await h.layer.receive(cancelOK, from: peer)
        #expect(await collect(cancelEvents) == [.final(cancelOK)])
        // The UAS never sends its 487: RFC 3261 §9.1 gives the INVITE up 64·T1 after the CANCEL.
        await h.clock.advance(to: s(91.9))
        #expect(await h.layer.clientTransactionCount == 1)
        await h.clock.advance(to: s(92))
        #expect(await h.layer.clientTransactionCount == 0)
        #expect(await collect(inviteEvents) == [.provisional(ringing), .timeout])
        #expect(h.clock.pendingCount == 0)
    }

    @Test func transportErrorEndsTheTransaction() async throws {
        let h = LayerHarness()
        h.transmitter.failNext()
        let stream = try await h.layer.sendRequest(TestMessages.request(.invite, viaTransport: "TCP"), to: SIPTransportAddress(.tcp, host: "192.0.2.1", port: 5060))
        let events = await collect(stream)
        #expect(events.count == 1)
        if case .transportError(let error) = events.first {
            #expect(error.kind == .transportFailed)
            #expect(error.reason == "connection refused")
        } else {
            Issue.record("expected a transport error, got \(events)")
        }
        #expect(await h.layer.transactionCount == 0)
        #expect(h.clock.pendingCount == 0)
    }

    @Test func requestsThatCannotStartATransactionAreRefused() async throws {
        let h = LayerHarness()
        do {
            _ = try await h.layer.sendRequest(TestMessages.request(.ack), to: peer)
            Issue.record("an ACK must not start a transaction")
        } catch {
            #expect(error.kind == .ackIsNotATransaction)
        }
        _ = try await h.layer.sendRequest(TestMessages.request(.options), to: peer)
        do {
            _ = try await h.layer.sendRequest(TestMessages.request(.options), to: peer)
            Issue.record("a branch must not be reused")
        } catch {
            #expect(error.kind == .transactionExists)
        }
        let full = LayerHarness(configuration: .init(maxTransactions: 1))
        _ = try await full.layer.sendRequest(TestMessages.request(.options), to: peer)
        await #expect(throws: SIPTransactionError.self) {
            _ = try await full.layer.sendRequest(TestMessages.request(.options, branch: "z9hG4bK-2"), to: peer)
        }
    }

    @Test func ackForA2xxGoesStraightToTheTransport() async throws {
        let h = LayerHarness()
        let ack = TestMessages.request(.ack, branch: "z9hG4bK-ack", toTag: "callee-tag", cseqMethod: .ack)
        try await h.layer.sendACK(ack, to: peer)
        #expect(h.transmitter.sent.map(\.message) == [ack])
        #expect(await h.layer.transactionCount == 0)
    }
}
