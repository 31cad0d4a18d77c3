import SIPMessage
import SIPTransaction
import Testing

@Suite("ServerInviteTransaction (RFC 3261 §17.2.1, RFC 6026 §7.1)")
struct ServerInviteTransactionTests {
    let invite = TestMessages.request(.invite)
    let ack = TestMessages.request(.ack, toTag: "callee-tag", cseqMethod: .ack)

    func started(over transport: SIPTransportAddress.Transport = .udp) throws -> ServerInviteTransaction {
        var transaction = try ServerInviteTransaction(request: invite, transport: transport)
        _ = transaction.handle(.start)
        return transaction
    }

    @Test func startAnswers100TryingAtOnce() throws {
        var transaction = try ServerInviteTransaction(request: invite, transport: .udp)
        let actions = transaction.handle(.start)
        #expect(actions.count == 1)
        let trying = try #require(actions.first?.transmitted)
        #expect(trying.statusCode == 100)
        #expect(trying.headers.first(.via) == invite.headers.first(.via))
        #expect(try trying.headers.to.tag == nil)
        #expect(try trying.headers.cseq == SIPCSeq(1, .invite))
        #expect(transaction.state == .proceeding)
        #expect(transaction.handle(.start) == [])
    }

    @Test func retransmittedInviteGetsTheLatestProvisionalResponse() throws {
        var transaction = try started()
        let trying = try #require(transaction.lastResponse)
        #expect(transaction.handle(.requestRetransmitted) == [.transmit(trying)])
        let ringing = TestMessages.response(180, to: invite)
        #expect(transaction.handle(.tuResponse(ringing)) == [.transmit(ringing)])
        #expect(transaction.handle(.requestRetransmitted) == [.transmit(ringing)])
    }

    @Test func failureIsRetransmittedOnTimerGUpToT2() throws {
        var transaction = try started()
        let busy = TestMessages.response(486, to: invite)
        #expect(transaction.handle(.tuResponse(busy)) == [.transmit(busy), .startTimer(.G, .milliseconds(500)), .startTimer(.H, .seconds(32))])
        #expect(transaction.state == .completed)
        var restarts: [Duration] = []
        for _ in 0..<5 {
            let actions = transaction.handle(.timerFired(.G))
            #expect(actions.first == .transmit(busy))
            if case .startTimer(.G, let interval) = actions.last { restarts.append(interval) }
        }
        #expect(restarts == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        #expect(transaction.handle(.requestRetransmitted) == [.transmit(busy)])
        #expect(transaction.handle(.tuResponse(TestMessages.response(500, to: invite))) == [])
    }

    @Test func timerHWithoutACKIsATransactionFailure() throws {
        var transaction = try started()
        _ = transaction.handle(.tuResponse(TestMessages.response(486, to: invite)))
        #expect(transaction.handle(.timerFired(.H)) == [.deliver(.timeout), .terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func ackConfirmsAndTimerIAbsorbsACKRetransmissions() throws {
        var transaction = try started()
        _ = transaction.handle(.tuResponse(TestMessages.response(486, to: invite)))
        #expect(transaction.handle(.ackReceived(ack)) == [.cancelTimer(.G), .cancelTimer(.H), .startTimer(.I, .seconds(5))])
        #expect(transaction.state == .confirmed)
        #expect(transaction.handle(.ackReceived(ack)) == [])
        #expect(transaction.handle(.timerFired(.G)) == [])
        #expect(transaction.handle(.requestRetransmitted) == [])
        #expect(transaction.handle(.timerFired(.I)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func successEntersAcceptedUntilTimerL() throws {
        var transaction = try started()
        let ok = TestMessages.response(200, to: invite)
        #expect(transaction.handle(.tuResponse(ok)) == [.transmit(ok), .startTimer(.L, .seconds(32))])
        #expect(transaction.state == .accepted)
        // INVITE retransmissions are absorbed: the TU retransmits its own 2xx (RFC 6026 §7.1, RFC 3261 §13.3.1.4).
        #expect(transaction.handle(.requestRetransmitted) == [])
        #expect(transaction.handle(.tuResponse(ok)) == [.transmit(ok)])
        #expect(transaction.handle(.tuResponse(TestMessages.response(486, to: invite))) == [])
        #expect(transaction.handle(.ackReceived(ack)) == [.deliver(.ack(ack))])
        #expect(transaction.handle(.transportError) == [])
        #expect(transaction.handle(.timerFired(.L)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func reliableTransportHasNoTimerGAndNoConfirmedWait() throws {
        var transaction = try started(over: .tcp)
        let busy = TestMessages.response(486, to: invite)
        #expect(transaction.handle(.tuResponse(busy)) == [.transmit(busy), .startTimer(.H, .seconds(32))])
        #expect(transaction.handle(.ackReceived(ack)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func transportErrorInformsTheTU() throws {
        var proceeding = try started()
        #expect(proceeding.handle(.transportError) == [.deliver(.transportError), .terminate])
        var completed = try started()
        _ = completed.handle(.tuResponse(TestMessages.response(404, to: invite)))
        #expect(completed.handle(.transportError) == [.deliver(.transportError), .terminate])
    }

    @Test func clientEventsAreIgnored() throws {
        var transaction = try started()
        #expect(transaction.handle(.responseReceived(TestMessages.response(200, to: invite))) == [])
        #expect(transaction.handle(.timerFired(.A)) == [])
        #expect(transaction.handle(.ackReceived(ack)) == [])
    }
}
