import SIPMessage
import Testing
@testable import SIPDialog

@Suite("REFER transfers (RFC 3515, RFC 4488, RFC 3891)")
struct ReferTests {
    typealias F = UsageFixtures

    /// A NOTIFY from the referee (Bob) to us (Alice) in the call's dialog.
    func notify(_ state: String, _ statusLine: String?, id: UInt32? = 2, event: String = "refer", cseq: Int = 1) throws -> SIPMessage {
        var lines = [
            "NOTIFY sip:alice@pc33.atlanta.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnotify\(cseq)",
            "Max-Forwards: 70",
            "To: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "From: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: \(cseq) NOTIFY",
            "Contact: <sip:bob@192.0.2.4>",
            "Event: " + event + (id.map { ";id=\($0)" } ?? ""),
            "Subscription-State: " + state,
        ]
        if statusLine != nil { lines.append("Content-Type: message/sipfrag") }
        return try F.message(lines, body: statusLine.map(F.sipfrag) ?? "")
    }

    /// Alice's REFER to Bob as the driver would send it: built from `makeRefer` in her dialog, through the wire.
    func sentRefer(_ target: ReferTarget, subscription: Bool = true) throws -> SIPMessage {
        var dialog = try F.uacDialog()
        let referredBy = try NameAddress(parsing: "<sip:alice@atlanta.example.com>")
        let request = ReferSubscription.makeRefer(to: target, referredBy: referredBy, subscription: subscription)
            .make(in: &dialog, via: F.via, contact: F.contact)
        return try SIPMessage(parsing: request.bytes)
    }

    static let carol = SIPURI(user: "carol", host: "chicago.example.com")

    // MARK: - Refer-To and Replaces (RFC 3891 §3)

    @Test("RFC 3891 §3: the Replaces header is escaped into the Refer-To URI")
    func referToWithReplaces() throws {
        let replaces = SIPReplaces(callID: "12345@192.168.118.3", toTag: "12345", fromTag: "5FFE-3994")
        let target = ReferTarget(uri: SIPURI(user: "dave", host: "denver.example.org"), replaces: replaces)
        #expect(target.description == "<sip:dave@denver.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>")
        let parsed = try ReferTarget(parsing: try NameAddress(parsing: target.description))
        #expect(parsed == target)
        #expect(parsed.replaces?.callID == "12345@192.168.118.3")
        #expect(parsed.replaces?.toTag == "12345")
        #expect(parsed.replaces?.fromTag == "5FFE-3994")
    }

    @Test("an attended transfer names our other dialog as its far end sees it")
    func attendedTransfer() throws {
        // Our call with Carol: we are the UAC, Carol answered with tag c4r0l.
        let invite = try F.message([
            "INVITE sip:carol@chicago.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc1",
            "To: <sip:carol@chicago.example.com>",
            "From: <sip:alice@atlanta.example.com>;tag=al1ce",
            "Call-ID: 98765@192.0.2.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:alice@192.0.2.1>",
        ])
        let ok = try F.message([
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc1",
            "To: <sip:carol@chicago.example.com>;tag=c4r0l",
            "From: <sip:alice@atlanta.example.com>;tag=al1ce",
            "Call-ID: 98765@192.0.2.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:carol@192.0.2.7>",
        ])
        let withCarol = try Dialog(uacFor: invite, response: ok)
        let target = ReferTarget(attendedTransferTo: withCarol)
        #expect(target.uri.serialized == "sip:carol@192.0.2.7")
        #expect(target.replaces == SIPReplaces(callID: "98765@192.0.2.1", toTag: "c4r0l", fromTag: "al1ce"))
        #expect(target.description == "<sip:carol@192.0.2.7?Replaces=98765%40192.0.2.1%3Bto-tag%3Dc4r0l%3Bfrom-tag%3Dal1ce>")
    }

    @Test("REFER with Replaces round-trips from referrer to referee over the wire")
    func replacesRoundTrip() throws {
        let replaces = SIPReplaces(callID: "98765@192.0.2.1", toTag: "c4r0l", fromTag: "al1ce", earlyOnly: true)
        let refer = try sentRefer(ReferTarget(uri: Self.carol, replaces: replaces))
        #expect(refer.method == .refer)
        #expect(try refer.headers.cseq == SIPCSeq(2, .refer))
        let referee = try ReferNotifier(refer: refer)
        #expect(referee.target.uri == Self.carol)
        #expect(referee.target.method == .invite)
        #expect(referee.target.replaces == replaces)
        #expect(referee.target.replaces?.earlyOnly == true)
        #expect(referee.referredBy?.uri.serialized == "sip:alice@atlanta.example.com")
        #expect(referee.referSequence == 2)
    }

    @Test("Refer-To keeps other URI headers and reads the method parameter")
    func otherHeadersAndMethod() throws {
        let target = try ReferTarget(parsing: try NameAddress(parsing: "<sip:carol@chicago.example.com;method=INVITE?Subject=transfer&Priority=urgent>"))
        #expect(target.uri.serialized == "sip:carol@chicago.example.com")
        #expect(target.method == .invite)
        #expect(target.replaces == nil)
        #expect(target.headers.map(\.name) == ["Subject", "Priority"])
        let tel = try ReferTarget(parsing: try NameAddress(parsing: "<tel:+14085551234>"))
        #expect(tel.uri.scheme == .tel)
    }

    @Test("invalid Refer-To values are rejected with 400", arguments: [
        ("<http://www.example.com/>", DialogUsageError.unsupportedURIScheme("http")),
        ("<sip:carol@chicago.example.com?Replaces=nocallid%3Bto-tag%3D1>", nil),
        ("<sip:carol@chicago.example.com;method=BYE?Replaces=1%3Bto-tag%3D1%3Bfrom-tag%3D2>", .invalid("Replaces in a Refer-To whose method is BYE, not INVITE")),
    ] as [(String, DialogUsageError?)])
    func invalidReferTo(value: String, expected: DialogUsageError?) throws {
        let address = try NameAddress(parsing: value)
        #expect {
            _ = try ReferTarget(parsing: address)
        } throws: { error in
            guard let error = error as? DialogUsageError, error.statusCode == 400 else { return false }
            return expected == nil || error == expected
        }
    }

    @Test("a REFER needs exactly one Refer-To (RFC 3515 §2.4.2)")
    func referToCount() throws {
        let none = try F.request("REFER", cseq: 2, toTag: "a6c85cf")
        #expect(throws: DialogUsageError.missingHeader("Refer-To")) { try ReferNotifier(refer: none) }
        let two = try F.request("REFER", cseq: 2, toTag: "a6c85cf", extra: ["Refer-To: <sip:carol@chicago.example.com>", "Refer-To: <sip:dave@denver.example.org>"])
        #expect(throws: DialogUsageError.repeatedHeader("Refer-To")) { try ReferNotifier(refer: two) }
    }

    // MARK: - Referrer (RFC 3515 §2.4.4–§2.4.7)

    @Test("referrer: REFER → 202 → NOTIFY 100, 180, 200 terminated")
    func referrerHappyPath() throws {
        var transfer = ReferSubscription()
        let refer = try sentRefer(ReferTarget(uri: Self.carol))
        #expect(try refer.headers.referTo?.uri == Self.carol)
        #expect(refer.headers[.referredBy] == "<sip:alice@atlanta.example.com>")
        #expect(transfer.handle(.referSent(refer)) == [.startTimer(.timerN, .seconds(32))])
        #expect(transfer.handle(.responseReceived(try F.response(202, method: "REFER", cseq: 2))) == [.report(.accepted(subscription: true))])

        #expect(transfer.handle(.notifyReceived(try notify("active;expires=60", "SIP/2.0 100 Trying"))) == [
            .respond(statusCode: 200, headers: []), .cancelTimer(.timerN), .report(.progress(statusCode: 100)),
            .startTimer(.subscriptionExpiration, .seconds(60)),
        ])
        #expect(transfer.state == .active)
        #expect(transfer.handle(.notifyReceived(try notify("active", "SIP/2.0 180 Ringing", cseq: 2))) == [
            .respond(statusCode: 200, headers: []), .report(.progress(statusCode: 180)),
        ])
        #expect(transfer.handle(.notifyReceived(try notify("terminated;reason=noresource", "SIP/2.0 200 OK", cseq: 3))) == [
            .respond(statusCode: 200, headers: []), .report(.succeeded(statusCode: 200)), .cancelTimer(.subscriptionExpiration),
        ])
        #expect(transfer.state == .terminated)
        #expect(transfer.handle(.notifyReceived(try notify("terminated;reason=noresource", "SIP/2.0 200 OK", cseq: 4)))
            == [.respond(statusCode: 481, headers: [])])
    }

    @Test("referrer: the referenced call fails (486)")
    func referrerFailure() throws {
        var transfer = ReferSubscription()
        _ = transfer.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        _ = transfer.handle(.responseReceived(try F.response(202, method: "REFER", cseq: 2)))
        _ = transfer.handle(.notifyReceived(try notify("active;expires=60", "SIP/2.0 100 Trying")))
        #expect(transfer.handle(.notifyReceived(try notify("terminated;reason=noresource", "SIP/2.0 486 Busy Here", cseq: 2))) == [
            .respond(statusCode: 200, headers: []), .report(.failed(statusCode: 486)), .cancelTimer(.subscriptionExpiration),
        ])
    }

    @Test("referrer: the subscription ends without a final status")
    func referrerTerminatedWithoutFinal() throws {
        var transfer = ReferSubscription()
        _ = transfer.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        _ = transfer.handle(.notifyReceived(try notify("active;expires=60", "SIP/2.0 100 Trying")))
        #expect(transfer.handle(.notifyReceived(try notify("terminated;reason=timeout", "SIP/2.0 180 Ringing", cseq: 2))) == [
            .respond(statusCode: 200, headers: []), .report(.progress(statusCode: 180)), .cancelTimer(.subscriptionExpiration),
            .report(.subscriptionTerminated(reason: "timeout")),
        ])
    }

    @Test("referrer: our subscription expires, or no NOTIFY ever comes (Timer N)")
    func referrerTimers() throws {
        var expiring = ReferSubscription()
        _ = expiring.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        _ = expiring.handle(.notifyReceived(try notify("active;expires=60", "SIP/2.0 100 Trying")))
        #expect(expiring.handle(.timerFired(.subscriptionExpiration)) == [.report(.subscriptionTerminated(reason: "timeout"))])

        var silent = ReferSubscription(t1: .milliseconds(100))
        #expect(silent.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol)))) == [.startTimer(.timerN, .milliseconds(6400))])
        _ = silent.handle(.responseReceived(try F.response(202, method: "REFER", cseq: 2)))
        #expect(silent.handle(.timerFired(.timerN)) == [.report(.subscriptionTerminated(reason: nil))])
        #expect(silent.state == .terminated)
    }

    @Test("referrer: the REFER is rejected or times out")
    func referRejected() throws {
        var transfer = ReferSubscription()
        _ = transfer.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        #expect(transfer.handle(.responseReceived(try F.response(603, method: "REFER", cseq: 2))) == [
            .cancelTimer(.timerN), .report(.rejected(statusCode: 603)),
        ])
        var lost = ReferSubscription()
        _ = lost.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        #expect(lost.handle(.requestTimedOut) == [.cancelTimer(.timerN), .report(.rejected(statusCode: 408))])
    }

    @Test("referrer: NOTIFYs that are not ours")
    func foreignNotifies() throws {
        var transfer = ReferSubscription()
        _ = transfer.handle(.referSent(try sentRefer(ReferTarget(uri: Self.carol))))
        #expect(transfer.handle(.notifyReceived(try notify("active", "SIP/2.0 100 Trying", id: 7))) == [.respond(statusCode: 481, headers: [])])
        #expect(transfer.handle(.notifyReceived(try notify("active", "SIP/2.0 100 Trying", event: "dialog")))
            == [.respond(statusCode: 489, headers: [F.field(.allowEvents, "refer")])])
        var noState = try notify("active", "SIP/2.0 100 Trying")
        noState.headers.remove(.subscriptionState)
        #expect(transfer.handle(.notifyReceived(noState)) == [.respond(statusCode: 400, headers: [])])
        #expect(transfer.handle(.notifyReceived(try notify("active", "not a status line"))) == [.respond(statusCode: 400, headers: [])])
        // A NOTIFY without id is accepted (RFC 3515 §2.4.6: the id is optional for the first REFER).
        #expect(transfer.handle(.notifyReceived(try notify("active", "SIP/2.0 100 Trying", id: nil))).first == .respond(statusCode: 200, headers: []))
    }

    @Test("RFC 4488: Refer-Sub: false, honoured by the referee: no subscription")
    func noReferSub() throws {
        var transfer = ReferSubscription()
        let refer = try sentRefer(ReferTarget(uri: Self.carol), subscription: false)
        #expect(refer.headers[SIPHeaderName("Refer-Sub")] == "false")
        #expect(try refer.headers.supported == ["norefersub"])
        #expect(transfer.handle(.referSent(refer)) == [])
        let accepted = try F.response(202, method: "REFER", cseq: 2, extra: ["Refer-Sub: false"])
        #expect(transfer.handle(.responseReceived(accepted)) == [.report(.accepted(subscription: false))])
        #expect(transfer.state == .terminated)

        var ignored = ReferSubscription()
        _ = ignored.handle(.referSent(refer))
        #expect(ignored.handle(.responseReceived(try F.response(202, method: "REFER", cseq: 2))) == [
            .report(.accepted(subscription: true)), .startTimer(.timerN, .seconds(32)),
        ])
    }

    // MARK: - Referee

    @Test("referee: 202, then NOTIFY 100 Trying, 180 Ringing, 200 OK terminated;reason=noresource")
    func refereeSequence() throws {
        let refer = try sentRefer(ReferTarget(uri: Self.carol))
        var referee = try ReferNotifier(refer: refer)
        #expect(referee.acceptanceHeaders == [])
        var dialog = try F.uasDialog()
        _ = try dialog.receive(refer)

        func built(_ action: ReferNotifier.Action?) throws -> SIPMessage {
            guard case .sendNotify(let request) = action else { throw DialogUsageError.invalid("expected a NOTIFY") }
            return request.make(in: &dialog, via: F.via, contact: F.contact)
        }

        let first = referee.handle(.accepted)
        #expect(first.count == 2)
        #expect(first.last == .startTimer(.subscriptionExpiration, .seconds(60)))
        let trying = try built(first.first)
        #expect(trying.method == .notify)
        #expect(try trying.headers.event == SIPEvent("refer", parameters: SIPParameters([("id", "2")])))
        #expect(try trying.headers.subscriptionState == SIPSubscriptionState("active", parameters: SIPParameters([("expires", "60")])))
        #expect(try trying.headers.contentType == .sipfrag)
        #expect(String(decoding: trying.body, as: UTF8.self) == "SIP/2.0 100 Trying\r\n")
        #expect(try trying.headers.cseq == SIPCSeq(1, .notify))
        #expect(try trying.headers.to.tag == "1928301774")

        let ringing = referee.handle(.progress(statusCode: 180))
        #expect(ringing.count == 1)
        let ringingMessage = try built(ringing.first)
        #expect(ringingMessage.headers[.subscriptionState] == "active")
        #expect(String(decoding: ringingMessage.body, as: UTF8.self) == "SIP/2.0 180 Ringing\r\n")

        let done = referee.handle(.progress(statusCode: 200))
        #expect(done.first == .cancelTimer(.subscriptionExpiration))
        let okMessage = try built(done.last)
        #expect(okMessage.headers[.subscriptionState] == "terminated;reason=noresource")
        #expect(String(decoding: okMessage.body, as: UTF8.self) == "SIP/2.0 200 OK\r\n")
        #expect(try okMessage.headers.cseq == SIPCSeq(3, .notify))
        #expect(referee.state == .terminated)
        #expect(referee.handle(.progress(statusCode: 180)) == [])
    }

    @Test("referee: the exact NOTIFY requests")
    func refereeRequests() throws {
        var referee = try ReferNotifier(refer: try sentRefer(ReferTarget(uri: Self.carol)), subscriptionDuration: 120)
        func request(_ state: String, _ line: String) -> DialogRequest {
            DialogRequest(.notify, headers: [F.field(.event, "refer;id=2"), F.field(.subscriptionState, state)],
                          body: Array((line + "\r\n").utf8), contentType: .sipfrag)
        }
        #expect(referee.handle(.accepted) == [
            .sendNotify(request("active;expires=120", "SIP/2.0 100 Trying")), .startTimer(.subscriptionExpiration, .seconds(120)),
        ])
        #expect(referee.handle(.progress(statusCode: 183, reasonPhrase: "Session Progress")) == [.sendNotify(request("active", "SIP/2.0 183 Session Progress"))])
        #expect(referee.handle(.progress(statusCode: 486)) == [
            .cancelTimer(.subscriptionExpiration), .sendNotify(request("terminated;reason=noresource", "SIP/2.0 486 Busy Here")),
        ])
    }

    @Test("referee: the subscription expires before the referenced call ends")
    func refereeExpires() throws {
        var referee = try ReferNotifier(refer: try sentRefer(ReferTarget(uri: Self.carol)))
        _ = referee.handle(.accepted)
        _ = referee.handle(.progress(statusCode: 180))
        #expect(referee.handle(.timerFired(.subscriptionExpiration)) == [.sendNotify(DialogRequest(
            .notify, headers: [F.field(.event, "refer;id=2"), F.field(.subscriptionState, "terminated;reason=timeout")],
            body: Array("SIP/2.0 180 Ringing\r\n".utf8), contentType: .sipfrag))])
        #expect(referee.state == .terminated)
    }

    @Test("referee: the referrer refreshes and then unsubscribes")
    func refereeRefreshAndUnsubscribe() throws {
        var referee = try ReferNotifier(refer: try sentRefer(ReferTarget(uri: Self.carol)))
        _ = referee.handle(.accepted)
        let refresh = try F.request("SUBSCRIBE", cseq: 3, toTag: "a6c85cf", extra: ["Event: refer;id=2", "Expires: 90"])
        #expect(referee.handle(.subscribeReceived(refresh)) == [
            .respond(statusCode: 200, headers: [F.field(.expires, "90")]),
            .sendNotify(DialogRequest(.notify, headers: [F.field(.event, "refer;id=2"), F.field(.subscriptionState, "active;expires=90")],
                                      body: Array("SIP/2.0 100 Trying\r\n".utf8), contentType: .sipfrag)),
            .startTimer(.subscriptionExpiration, .seconds(90)),
        ])
        let other = try F.request("SUBSCRIBE", cseq: 4, toTag: "a6c85cf", extra: ["Event: refer;id=9", "Expires: 90"])
        #expect(referee.handle(.subscribeReceived(other)) == [.respond(statusCode: 481, headers: [])])
        let unsubscribe = try F.request("SUBSCRIBE", cseq: 5, toTag: "a6c85cf", extra: ["Event: refer;id=2", "Expires: 0"])
        #expect(referee.handle(.subscribeReceived(unsubscribe)) == [
            .cancelTimer(.subscriptionExpiration),
            .respond(statusCode: 200, headers: [F.field(.expires, "0")]),
            .sendNotify(DialogRequest(.notify, headers: [F.field(.event, "refer;id=2"), F.field(.subscriptionState, "terminated;reason=timeout")],
                                      body: Array("SIP/2.0 100 Trying\r\n".utf8), contentType: .sipfrag)),
        ])
        #expect(referee.handle(.subscribeReceived(refresh)) == [.respond(statusCode: 481, headers: [])])
    }

    @Test("referee: Refer-Sub: false is honoured — 2xx says so, no NOTIFY (RFC 4488 §4)")
    func refereeNoReferSub() throws {
        var referee = try ReferNotifier(refer: try sentRefer(ReferTarget(uri: Self.carol), subscription: false))
        #expect(referee.subscriptionSuppressed)
        #expect(referee.acceptanceHeaders == [F.field(SIPHeaderName("Refer-Sub"), "false")])
        #expect(referee.handle(.accepted) == [])
        #expect(referee.handle(.progress(statusCode: 200)) == [])
    }

    @Test("referee: a failed NOTIFY ends the subscription")
    func refereeNotifyFails() throws {
        var referee = try ReferNotifier(refer: try sentRefer(ReferTarget(uri: Self.carol)))
        _ = referee.handle(.accepted)
        #expect(referee.handle(.notifyResponseReceived(statusCode: 200)) == [])
        #expect(referee.handle(.notifyResponseReceived(statusCode: 481)) == [.cancelTimer(.subscriptionExpiration)])
        #expect(referee.state == .terminated)
    }

    // MARK: - Both ends

    @Test("referrer and referee over the wire: REFER with Replaces → 202 → NOTIFY 100, 180, 200 → succeeded")
    func endToEnd() throws {
        let replaces = SIPReplaces(callID: "98765@192.0.2.1", toTag: "c4r0l", fromTag: "al1ce")
        var transfer = ReferSubscription()
        let refer = try sentRefer(ReferTarget(uri: Self.carol, replaces: replaces))
        _ = transfer.handle(.referSent(refer))

        // Bob, the referee, validates the REFER and answers 202.
        var referee = try ReferNotifier(refer: refer)
        #expect(referee.target.replaces == replaces)
        var bob = try F.uasDialog()
        try bob.receive(refer)
        #expect(transfer.handle(.responseReceived(try F.response(ReferNotifier.acceptStatusCode, method: "REFER", cseq: 2)))
            == [.report(.accepted(subscription: true))])

        var outcomes: [ReferSubscription.Outcome] = []
        func deliver(_ actions: [ReferNotifier.Action]) throws {
            for case .sendNotify(let request) in actions {
                let sent = request.make(in: &bob, via: F.via, contact: SIPURI(user: "bob", host: "192.0.2.4"))
                for case .report(let outcome) in transfer.handle(.notifyReceived(try SIPMessage(parsing: sent.bytes))) {
                    outcomes.append(outcome)
                }
            }
        }
        try deliver(referee.handle(.accepted))
        try deliver(referee.handle(.progress(statusCode: 180)))
        try deliver(referee.handle(.progress(statusCode: 200)))
        #expect(outcomes == [.progress(statusCode: 100), .progress(statusCode: 180), .succeeded(statusCode: 200)])
        #expect(transfer.state == .terminated)
        #expect(referee.state == .terminated)
    }
}
