import SIPMessage
import SIPTransaction
import Testing

@Suite("ClientNonInviteTransaction (RFC 3261 §17.1.2)")
struct ClientNonInviteTransactionTests {
    let options = TestMessages.request(.options)

    func started(over transport: SIPTransportAddress.Transport = .udp) throws -> ClientNonInviteTransaction {
        var transaction = try ClientNonInviteTransaction(request: options, transport: transport)
        _ = transaction.handle(.start)
        return transaction
    }

    @Test func tryingSendsAndStartsTimersEAndF() throws {
        var transaction = try ClientNonInviteTransaction(request: options, transport: .udp)
        #expect(transaction.state == .trying)
        #expect(transaction.handle(.start) == [.transmit(options), .startTimer(.E, .milliseconds(500)), .startTimer(.F, .seconds(32))])
    }

    @Test func timerEDoublesUpToT2() throws {
        var transaction = try started()
        var restarts: [Duration] = []
        for _ in 0..<5 {
            let actions = transaction.handle(.timerFired(.E))
            #expect(actions.first == .transmit(options))
            if case .startTimer(.E, let interval) = actions.last { restarts.append(interval) }
        }
        #expect(restarts == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
    }

    @Test func provisionalResponseMovesToProceedingWhereEIsT2() throws {
        var transaction = try started()
        let trying = TestMessages.response(100, to: options)
        #expect(transaction.handle(.responseReceived(trying)) == [.deliver(.response(trying))])
        #expect(transaction.state == .proceeding)
        #expect(transaction.handle(.timerFired(.E)) == [.transmit(options), .startTimer(.E, .seconds(4))])
        #expect(transaction.handle(.responseReceived(trying)) == [.deliver(.response(trying))])
    }

    @Test func finalResponseCompletesAndTimerKEndsIt() throws {
        var transaction = try started()
        let ok = TestMessages.response(200, to: options)
        #expect(transaction.handle(.responseReceived(ok)) == [.cancelTimer(.E), .cancelTimer(.F), .deliver(.response(ok)), .startTimer(.K, .seconds(5))])
        #expect(transaction.state == .completed)
        #expect(transaction.handle(.responseReceived(ok)) == [])
        #expect(transaction.handle(.timerFired(.E)) == [])
        #expect(transaction.handle(.timerFired(.K)) == [.terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func timerFTimesOutInTryingAndProceeding() throws {
        var trying = try started()
        #expect(trying.handle(.timerFired(.F)) == [.deliver(.timeout), .terminate])
        var proceeding = try started()
        _ = proceeding.handle(.responseReceived(TestMessages.response(180, to: options)))
        #expect(proceeding.handle(.timerFired(.F)) == [.deliver(.timeout), .terminate])
    }

    @Test func transportErrorInformsTheTU() throws {
        var transaction = try started()
        #expect(transaction.handle(.transportError) == [.deliver(.transportError), .terminate])
    }

    @Test func reliableTransportNeverRetransmitsAndTimerKIsZero() throws {
        var transaction = try ClientNonInviteTransaction(request: options, transport: .tcp)
        #expect(transaction.handle(.start) == [.transmit(options), .startTimer(.F, .seconds(32))])
        let ok = TestMessages.response(200, to: options)
        #expect(transaction.handle(.responseReceived(ok)) == [.deliver(.response(ok)), .terminate])
        #expect(transaction.state == .terminated)
    }

    @Test func inviteAndAckAreRefused() {
        #expect(throws: SIPTransactionError.self) { try ClientNonInviteTransaction(request: TestMessages.request(.invite), transport: .udp) }
        do {
            _ = try ClientNonInviteTransaction(request: TestMessages.request(.ack), transport: .udp)
            Issue.record("an ACK must not make a transaction")
        } catch {
            #expect(error.kind == .ackIsNotATransaction)
        }
    }
}
