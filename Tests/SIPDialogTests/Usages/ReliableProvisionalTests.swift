import SIPMessage
import Testing
@testable import SIPDialog

@Suite("Reliable provisional responses (RFC 3262)")
struct ReliableProvisionalTests {
    typealias F = UsageFixtures

    static let sdp = "v=0\r\no=bob 1 1 IN IP4 192.0.2.4\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"

    func invite() throws -> SIPMessage { try F.request("INVITE", extra: ["Require: 100rel"]) }

    func machine(rseq: UInt32 = 4711) throws -> ReliableProvisionalUAS {
        try ReliableProvisionalUAS(invite: try invite(), initialRSeq: rseq)
    }

    /// Bob's provisional response as his TU hands it over, before reliability is added.
    func provisional(_ status: Int, sdp: Bool = false) throws -> SIPMessage {
        try F.response(status, extra: sdp ? ["Content-Type: application/sdp"] : [], body: sdp ? Self.sdp : "")
    }

    /// What the machine makes of it: Require: 100rel and RSeq added.
    func reliable(_ status: Int, rseq: UInt32, sdp: Bool = false) throws -> SIPMessage {
        var response = try provisional(status, sdp: sdp)
        response.headers.append(.require, "100rel")
        response.headers.set(.rseq, String(rseq))
        return response
    }

    func prack(_ rack: String, cseq: Int = 2) throws -> SIPMessage {
        try F.request("PRACK", cseq: cseq, toTag: "a6c85cf", extra: ["RAck: " + rack])
    }

    // MARK: - UAS (§3)

    @Test("§3: Require, Supported or neither", arguments: [
        (["Require: 100rel"], ReliableProvisionalUAS.Requirement.required),
        (["Supported: timer, 100rel"], .supported),
        (["Supported: timer"], .unsupported),
        ([], .unsupported),
    ])
    func requirement(lines: [String], expected: ReliableProvisionalUAS.Requirement) throws {
        #expect(ReliableProvisionalUAS.requirement(of: try F.request("INVITE", extra: lines)) == expected)
    }

    @Test("§3: a 180 sent reliably, acknowledged by PRACK, then the 200")
    func happyPath() throws {
        var uas = try machine()
        #expect(uas.handle(.provisionalReady(try provisional(180))) == [
            .transmit(try reliable(180, rseq: 4711)), .startTimer(.retransmission, .milliseconds(500)), .startTimer(.giveUp, .seconds(32)),
        ])
        #expect(uas.state == .waitingForPRACK)
        #expect(uas.handle(.prackReceived(try prack("4711 1 INVITE"))) == [
            .respondToPRACK(statusCode: 200, headers: []), .cancelTimer(.retransmission), .cancelTimer(.giveUp),
        ])
        #expect(uas.state == .idle)
        let ok = try F.response(200)
        #expect(uas.handle(.finalReady(ok)) == [.transmit(ok)])
        #expect(uas.state == .completed)
        // A late PRACK matches nothing unacknowledged.
        #expect(uas.handle(.prackReceived(try prack("4711 1 INVITE", cseq: 3))) == [.respondToPRACK(statusCode: 481, headers: [])])
    }

    @Test("§3: the reliable provisional carries Require: 100rel and RSeq on the wire")
    func onTheWire() throws {
        var uas = try machine(rseq: 1)
        guard case .transmit(let response) = uas.handle(.provisionalReady(try provisional(183, sdp: true))).first else {
            Issue.record("expected a transmission")
            return
        }
        let parsed = try SIPMessage(parsing: response.bytes)
        #expect(try parsed.headers.require == ["100rel"])
        #expect(parsed.headers[.rseq] == "1")
        #expect(parsed.body == Array(Self.sdp.utf8))
    }

    @Test("§3: retransmissions at T1, 2·T1, 4·T1 … until the PRACK")
    func retransmissions() throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(180)))
        let sent = try reliable(180, rseq: 4711)
        for ms in [1000, 2000, 4000, 8000, 16000, 32000] {
            #expect(uas.handle(.timerFired(.retransmission)) == [.transmit(sent), .startTimer(.retransmission, .milliseconds(ms))])
        }
        #expect(uas.handle(.prackReceived(try prack("4711 1 INVITE"))).first == .respondToPRACK(statusCode: 200, headers: []))
        #expect(uas.handle(.timerFired(.retransmission)) == [])
    }

    @Test("§3: no PRACK within 64·T1: reject the INVITE with 500")
    func giveUp() throws {
        var uas = try ReliableProvisionalUAS(invite: try invite(), initialRSeq: 9, t1: .milliseconds(250))
        #expect(uas.handle(.provisionalReady(try provisional(180))).last == .startTimer(.giveUp, .seconds(16)))
        #expect(uas.handle(.timerFired(.giveUp)) == [.cancelTimer(.retransmission), .rejectRequest(statusCode: 500)])
        #expect(uas.state == .completed)
        #expect(uas.handle(.timerFired(.retransmission)) == [])
        #expect(uas.handle(.prackReceived(try prack("9 1 INVITE"))) == [.respondToPRACK(statusCode: 481, headers: [])])
    }

    @Test("§3: a PRACK whose RAck does not match gets 481", arguments: ["4712 1 INVITE", "4711 2 INVITE", "4711 1 UPDATE", "4710 1 INVITE"])
    func rackMismatch(rack: String) throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(180)))
        #expect(uas.handle(.prackReceived(try prack(rack))) == [.respondToPRACK(statusCode: 481, headers: [])])
        #expect(uas.state == .waitingForPRACK)
    }

    @Test("§7.2: a PRACK without a readable RAck gets 400")
    func rackMalformed() throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(180)))
        #expect(uas.handle(.prackReceived(try F.request("PRACK", cseq: 2, toTag: "a6c85cf"))) == [.respondToPRACK(statusCode: 400, headers: [])])
        #expect(uas.handle(.prackReceived(try prack("x 1 INVITE"))) == [.respondToPRACK(statusCode: 400, headers: [])])
    }

    @Test("§3: the next reliable provisional waits for the PRACK and takes the next RSeq")
    func queued() throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(183, sdp: true)))
        #expect(uas.handle(.provisionalReady(try provisional(180))) == [])
        #expect(uas.handle(.prackReceived(try prack("4711 1 INVITE"))) == [
            .respondToPRACK(statusCode: 200, headers: []), .cancelTimer(.retransmission), .cancelTimer(.giveUp),
            .transmit(try reliable(180, rseq: 4712)), .startTimer(.retransmission, .milliseconds(500)), .startTimer(.giveUp, .seconds(32)),
        ])
        #expect(uas.nextRSeq == 4713)
    }

    @Test("§3: a 2xx waits for the PRACK of a provisional that carried SDP")
    func deferredSuccess() throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(183, sdp: true)))
        let ok = try F.response(200)
        #expect(uas.handle(.finalReady(ok)) == [])
        #expect(uas.handle(.prackReceived(try prack("4711 1 INVITE"))) == [
            .respondToPRACK(statusCode: 200, headers: []), .cancelTimer(.retransmission), .cancelTimer(.giveUp), .transmit(ok),
        ])
        #expect(uas.state == .completed)
    }

    @Test("§3: without SDP in the provisional, or for an error, the final response goes at once")
    func immediateFinal() throws {
        var uas = try machine()
        _ = uas.handle(.provisionalReady(try provisional(180)))
        let ok = try F.response(200)
        #expect(uas.handle(.finalReady(ok)) == [.cancelTimer(.retransmission), .cancelTimer(.giveUp), .transmit(ok)])

        var busy = try machine()
        _ = busy.handle(.provisionalReady(try provisional(183, sdp: true)))
        let rejection = try F.response(486)
        #expect(busy.handle(.finalReady(rejection)) == [.cancelTimer(.retransmission), .cancelTimer(.giveUp), .transmit(rejection)])
    }

    @Test("§3: a 100 Trying is never sent reliably")
    func trying() throws {
        var uas = try machine()
        let trying = try F.response(100)
        #expect(uas.handle(.provisionalReady(trying)) == [.transmit(trying)])
        #expect(uas.state == .idle)
    }

    // MARK: - UAC (§4)

    func reliableFromPeer(_ status: Int, rseq: UInt32) throws -> SIPMessage {
        try F.response(status, extra: ["Require: 100rel", "RSeq: \(rseq)"])
    }

    @Test("§4: the first reliable provisional is acknowledged with a PRACK carrying RAck")
    func prackBuilt() throws {
        var uac = ReliableProvisionalUAC()
        let ringing = try reliableFromPeer(180, rseq: 776_656)
        let disposition = uac.receive(ringing)
        #expect(disposition == .acknowledge(DialogRequest(.prack, headers: [F.field(.rack, "776656 1 INVITE")])))
        guard case .acknowledge(let request) = disposition else { return }
        var early = try Dialog(uacFor: try F.request("INVITE", extra: ["Supported: 100rel"]), response: ringing)
        let prack = request.make(in: &early, via: F.via, contact: F.contact)
        #expect(prack.startLineText == "PRACK sip:bob@192.0.2.4 SIP/2.0")
        #expect(try prack.headers.cseq == SIPCSeq(2, .prack))
        #expect(try prack.headers.to.tag == "a6c85cf")
        #expect(try RAck(from: prack.headers) == RAck(responseSequence: 776_656, requestSequence: 1, method: .invite))
    }

    @Test("§4: a retransmitted RSeq is ignored")
    func retransmittedRSeq() throws {
        var uac = ReliableProvisionalUAC()
        _ = uac.receive(try reliableFromPeer(180, rseq: 10))
        #expect(uac.receive(try reliableFromPeer(180, rseq: 10)) == .retransmission)
        #expect(uac.lastRSeq == 10)
    }

    @Test("§4: an out-of-order RSeq is neither processed nor acknowledged; the next in order is")
    func outOfOrder() throws {
        var uac = ReliableProvisionalUAC()
        _ = uac.receive(try reliableFromPeer(183, rseq: 10))
        #expect(uac.receive(try reliableFromPeer(180, rseq: 12)) == .outOfOrder(expected: 11))
        #expect(uac.receive(try reliableFromPeer(180, rseq: 11)) == .acknowledge(DialogRequest(.prack, headers: [F.field(.rack, "11 1 INVITE")])))
        #expect(uac.receive(try reliableFromPeer(180, rseq: 12)) == .acknowledge(DialogRequest(.prack, headers: [F.field(.rack, "12 1 INVITE")])))
    }

    @Test("§4: provisional responses sent unreliably need no PRACK")
    func unreliable() throws {
        var uac = ReliableProvisionalUAC()
        #expect(uac.receive(try F.response(180)) == .unreliable)
        #expect(uac.receive(try F.response(180, extra: ["RSeq: 5"])) == .unreliable)
        #expect(uac.receive(try F.response(100, extra: ["Require: 100rel", "RSeq: 5"])) == .unreliable)
        #expect(uac.receive(try F.response(200)) == .unreliable)
        #expect(uac.lastRSeq == nil)
    }

    // MARK: - RAck (§7.2)

    @Test("RAck parses and prints", arguments: ["776656 1 INVITE", "1  314159\tINVITE"])
    func rackValue(text: String) throws {
        let rack = try RAck(parsing: text)
        #expect(rack.method == .invite)
        #expect(try RAck(parsing: rack.description) == rack)
    }

    @Test("RAck rejects", arguments: ["", "1 INVITE", "0 1 INVITE", "1 2147483648 INVITE", "1 1 INV(ITE", "4294967296 1 INVITE"])
    func rackInvalid(text: String) {
        #expect(throws: DialogUsageError.self) { try RAck(parsing: text) }
    }
}
