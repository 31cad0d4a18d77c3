import SIPMessage
import SIPTransaction
import Testing

@Suite("ServerNonInviteTransaction (RFC 3261 §17.2.2)")
struct ServerNonInviteTransactionTests {
    let register = TestMessages.request(.register)

    @Test func tryingDiscardsRetransmissionsUntilTheTUAnswers() throws {
        var transaction = try ServerNonInviteTransaction(request: register, transport: .udp)
        #expect(transaction.handle(.start) == [])
        #expect(transaction.state == .trying)
        #expect(transaction.handle(.requestRetransmitted) == [])
    }

    @Test func provisionalThenFinalThenTimerJ() throws {
        var transaction = try ServerNonInviteTransaction(request: register, transport: .udp)
        let trying = TestMessages.response(100, to: register)
        #expect(transaction.handle(.tuResponse(trying)) == [.transmit(trying)])
        #expect(transaction.state == .proceeding)
        #expect(transaction.handle(.requestRetransmitted) == [.transmit(trying)])
        let ok = TestMessages.response(200, to: register)
        #expect(transaction.handle(.tuResponse(ok)) == [.transmit(ok), .startTimer(.J, .seconds(32))])
        #expect(transaction.state == .completed)
        #expect(transaction.handle(.requestRetransmitted) == [.transmit(ok)])
        #expect(transaction.handle(.tuResponse(TestMessages.response(500, to: register))) == [])
        #expect(transaction.handle(.timerFired(.J)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func reliableTransportTerminatesWithTheFinalResponse() throws {
        var transaction = try ServerNonInviteTransaction(request: register, transport: .tcp)
        let ok = TestMessages.response(200, to: register)
        #expect(transaction.handle(.tuResponse(ok)) == [.transmit(ok), .terminate])
    }

    @Test func transportErrorInformsTheTU() throws {
        var transaction = try ServerNonInviteTransaction(request: register, transport: .udp)
        _ = transaction.handle(.tuResponse(TestMessages.response(200, to: register)))
        #expect(transaction.handle(.transportError) == [.deliver(.transportError), .terminate])
    }

    @Test func inviteAndAckAreRefused() {
        #expect(throws: SIPTransactionError.self) { try ServerNonInviteTransaction(request: TestMessages.request(.invite), transport: .udp) }
        #expect(throws: SIPTransactionError.self) { try ServerNonInviteTransaction(request: TestMessages.request(.ack), transport: .udp) }
    }
}
