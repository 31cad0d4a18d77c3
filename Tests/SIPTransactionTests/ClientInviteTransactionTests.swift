import SIPMessage
import SIPTransaction
import Testing

@Suite("ClientInviteTransaction (RFC 3261 §17.1.1, RFC 6026 §7.2)")
struct ClientInviteTransactionTests {
    let invite = TestMessages.request(.invite, routes: ["<sip:proxy.example.com;lr>"])

    func started(over transport: SIPTransportAddress.Transport = .udp) throws -> ClientInviteTransaction {
        var transaction = try ClientInviteTransaction(request: invite, transport: transport)
        _ = transaction.handle(.start)
        return transaction
    }

    @Test func callingSendsTheInviteAndStartsTimersAAndB() throws {
        var transaction = try ClientInviteTransaction(request: invite, transport: .udp)
        #expect(transaction.state == .calling)
        #expect(transaction.handle(.start) == [.transmit(invite), .startTimer(.A, .milliseconds(500)), .startTimer(.B, .seconds(32))])
        #expect(transaction.handle(.start) == [])
    }

    @Test func timerADoublesWithoutTheT2Cap() throws {
        var transaction = try started()
        var restarts: [Duration] = []
        for _ in 0..<5 {
            let actions = transaction.handle(.timerFired(.A))
            #expect(actions.first == .transmit(invite))
            if case .startTimer(.A, let interval) = actions.last { restarts.append(interval) }
        }
        #expect(restarts == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(transaction.state == .calling)
    }

    @Test func timerBInCallingTimesOut() throws {
        var transaction = try started()
        #expect(transaction.handle(.timerFired(.B)) == [.deliver(.timeout), .terminate])
        #expect(transaction.state == .terminated)
        #expect(transaction.handle(.timerFired(.A)) == [])
    }

    @Test func provisionalResponseStopsRetransmissions() throws {
        var transaction = try started()
        let ringing = TestMessages.response(180, to: invite)
        #expect(transaction.handle(.responseReceived(ringing)) == [.cancelTimer(.A), .cancelTimer(.B), .deliver(.response(ringing))])
        #expect(transaction.state == .proceeding)
        #expect(transaction.handle(.responseReceived(ringing)) == [.deliver(.response(ringing))])
        // A late fire of a cancelled timer changes nothing.
        #expect(transaction.handle(.timerFired(.A)) == [])
        #expect(transaction.handle(.timerFired(.B)) == [])
    }

    @Test func successEntersAcceptedAndPassesEvery2xxUntilTimerM() throws {
        var transaction = try started()
        _ = transaction.handle(.responseReceived(TestMessages.response(180, to: invite)))
        let ok = TestMessages.response(200, to: invite, toTag: "fork-1")
        #expect(transaction.handle(.responseReceived(ok)) == [.deliver(.response(ok)), .startTimer(.M, .seconds(32))])
        #expect(transaction.state == .accepted)
        // A retransmission and a second fork's 2xx both reach the TU, which acknowledges each (RFC 6026 §7.2).
        #expect(transaction.handle(.responseReceived(ok)) == [.deliver(.response(ok))])
        let otherFork = TestMessages.response(200, to: invite, toTag: "fork-2")
        #expect(transaction.handle(.responseReceived(otherFork)) == [.deliver(.response(otherFork))])
        #expect(transaction.handle(.responseReceived(TestMessages.response(486, to: invite))) == [])
        #expect(transaction.handle(.transportError) == [])
        #expect(transaction.handle(.timerFired(.M)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func successInCallingCancelsTheCallingTimers() throws {
        var transaction = try started()
        let ok = TestMessages.response(200, to: invite)
        #expect(transaction.handle(.responseReceived(ok)) == [
            .cancelTimer(.A), .cancelTimer(.B), .deliver(.response(ok)), .startTimer(.M, .seconds(32)),
        ])
    }

    @Test func failureIsAcknowledgedAndRetransmissionsAreAcknowledgedAgain() throws {
        var transaction = try started()
        let busy = TestMessages.response(486, to: invite)
        let actions = transaction.handle(.responseReceived(busy))
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: busy)
        #expect(actions == [.cancelTimer(.A), .cancelTimer(.B), .deliver(.response(busy)), .transmit(ack), .startTimer(.D, .seconds(32))])
        #expect(transaction.state == .completed)
        #expect(transaction.handle(.responseReceived(busy)) == [.transmit(ack)])
        #expect(transaction.handle(.responseReceived(TestMessages.response(200, to: invite))) == [])
        #expect(transaction.handle(.timerFired(.D)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func failureAfterProvisionalStartsOnlyTimerD() throws {
        var transaction = try started()
        _ = transaction.handle(.responseReceived(TestMessages.response(183, to: invite)))
        let decline = TestMessages.response(603, to: invite)
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: decline)
        #expect(transaction.handle(.responseReceived(decline)) == [.deliver(.response(decline)), .transmit(ack), .startTimer(.D, .seconds(32))])
    }

    @Test func transportErrorInformsTheTU() throws {
        var calling = try started()
        #expect(calling.handle(.transportError) == [.deliver(.transportError), .terminate])
        var completed = try started()
        _ = completed.handle(.responseReceived(TestMessages.response(404, to: invite)))
        #expect(completed.handle(.transportError) == [.deliver(.transportError), .terminate])
    }

    @Test func reliableTransportNeverRetransmitsAndEndsAtOnceAfterTheACK() throws {
        var transaction = try ClientInviteTransaction(request: invite, transport: .tcp)
        #expect(transaction.handle(.start) == [.transmit(invite), .startTimer(.B, .seconds(32))])
        let busy = TestMessages.response(486, to: invite)
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: busy)
        #expect(transaction.handle(.responseReceived(busy)) == [.deliver(.response(busy)), .transmit(ack), .terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func reliableTransportSuccessCancelsOnlyTimerB() throws {
        var transaction = try started(over: .tls)
        let ok = TestMessages.response(200, to: invite)
        #expect(transaction.handle(.responseReceived(ok)) == [.cancelTimer(.B), .deliver(.response(ok)), .startTimer(.M, .seconds(32))])
    }

    @Test func eventsThatBelongToServersAreIgnored() throws {
        var transaction = try started()
        #expect(transaction.handle(.requestRetransmitted) == [])
        #expect(transaction.handle(.ackReceived(invite)) == [])
        #expect(transaction.handle(.tuResponse(TestMessages.response(200, to: invite))) == [])
        #expect(transaction.handle(.timerFired(.G)) == [])
    }

    @Test func onlyAnInviteMakesAnInviteClientTransaction() {
        #expect(throws: SIPTransactionError.self) {
            try ClientInviteTransaction(request: TestMessages.request(.options), transport: .udp)
        }
        var noBranch = invite
        noBranch.headers.set(.via, "SIP/2.0/UDP 192.0.2.10:5060")
        #expect(throws: SIPTransactionError.self) { try ClientInviteTransaction(request: noBranch, transport: .udp) }
    }
}
