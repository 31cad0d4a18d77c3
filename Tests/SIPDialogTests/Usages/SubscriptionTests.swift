import SIPMessage
import Testing
@testable import SIPDialog

@Suite("SIP events subscriptions (RFC 6665, RFC 3842)")
struct SubscriptionTests {
    typealias F = UsageFixtures

    static let policy = SubscriptionNotifier.Policy(packages: [.messageSummary], minimumExpires: 60, maximumExpires: 3600)
    static let summary = Array("Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n".utf8)

    /// A SUBSCRIBE from Alice's phone to her mailbox.
    func subscribe(_ extra: [String], cseq: Int = 1, toTag: String? = nil) throws -> SIPMessage {
        try F.request("SUBSCRIBE", cseq: cseq, toTag: toTag, extra: extra)
    }

    func accepted(_ extra: [String] = ["Event: message-summary", "Expires: 3600"]) throws -> SubscriptionNotifier {
        guard case .accept(let notifier) = SubscriptionNotifier.evaluate(try subscribe(extra), policy: Self.policy) else {
            throw DialogUsageError.invalid("not accepted")
        }
        return notifier
    }

    func notify(_ state: String, event: String = "message-summary", body: String = "", cseq: Int = 1) throws -> SIPMessage {
        var lines = [
            "NOTIFY sip:alice@pc33.atlanta.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKn\(cseq)",
            "To: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "From: <sip:alice@vm.example.com>;tag=vm1",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: \(cseq) NOTIFY",
            "Contact: <sip:vm@192.0.2.9>",
            "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>",
            "Event: " + event,
            "Subscription-State: " + state,
        ]
        if !body.isEmpty { lines.append("Content-Type: application/simple-message-summary") }
        return try F.message(lines, body: body)
    }

    static func notifyRequest(_ state: String, body: [UInt8] = summary) -> DialogRequest {
        DialogRequest(.notify, headers: [F.field(.event, "message-summary"), F.field(.subscriptionState, state)],
                      body: body, contentType: body.isEmpty ? nil : .messageSummary)
    }

    // MARK: - Notifier: accepting (§4.2.1.1)

    @Test("489 Bad Event with Allow-Events for a package we do not serve")
    func badEvent() throws {
        #expect(SubscriptionNotifier.evaluate(try subscribe(["Event: presence"]), policy: Self.policy)
            == .reject(statusCode: 489, headers: [F.field(.allowEvents, "message-summary")]))
    }

    @Test("400 without an Event header")
    func noEvent() throws {
        #expect(SubscriptionNotifier.evaluate(try subscribe([]), policy: Self.policy) == .reject(statusCode: 400, headers: []))
    }

    @Test("423 Interval Too Brief with Min-Expires")
    func tooBrief() throws {
        #expect(SubscriptionNotifier.evaluate(try subscribe(["Event: message-summary", "Expires: 30"]), policy: Self.policy)
            == .reject(statusCode: 423, headers: [F.field(.minExpires, "60")]))
    }

    @Test("406 when Accept excludes the package's body type")
    func notAcceptable() throws {
        #expect(SubscriptionNotifier.evaluate(try subscribe(["Event: message-summary", "Accept: application/sdp"]), policy: Self.policy)
            == .reject(statusCode: 406, headers: []))
        #expect(try accepted(["Event: message-summary", "Accept: application/*"]).expires == 3600)
    }

    @Test("Expires: none gets the package default, too long is shortened", arguments: [
        (nil, 3600), (7200, 3600), (600, 600), (60, 60),
    ] as [(Int?, Int)])
    func expiresNegotiation(requested: Int?, granted: Int) throws {
        let notifier = try accepted(["Event: message-summary"] + (requested.map { ["Expires: \($0)"] } ?? []))
        #expect(notifier.expires == granted)
    }

    @Test("accepting: 200 with Expires, an immediate NOTIFY with the state, the expiration timer")
    func accept() throws {
        var notifier = try accepted()
        #expect(notifier.handle(.start(body: Self.summary, contentType: .messageSummary)) == [
            .respond(statusCode: 200, headers: [F.field(.expires, "3600")]),
            .sendNotify(Self.notifyRequest("active;expires=3600")),
            .startTimer(.subscriptionExpiration, .seconds(3600)),
        ])
        #expect(notifier.state == .active)

        // The NOTIFY as the driver sends it in the dialog the SUBSCRIBE created.
        var dialog = try Dialog(uasFor: try subscribe(["Event: message-summary", "Expires: 3600"]), localTag: "vm1")
        let message = Self.notifyRequest("active;expires=3600").make(in: &dialog, via: F.via, contact: F.contact)
        #expect(message.startLineText == "NOTIFY sip:alice@pc33.atlanta.example.com SIP/2.0")
        #expect(try message.headers.event?.package == "message-summary")
        #expect(try message.headers.subscriptionState?.expires == 3600)
        #expect(try message.headers.contentType == .messageSummary)
        #expect(message.headers[.contentLength].map(String.init) == String(Self.summary.count))
    }

    @Test("a fetch (Expires: 0) gets one terminated NOTIFY")
    func fetch() throws {
        var notifier = try accepted(["Event: message-summary", "Expires: 0"])
        #expect(notifier.handle(.start(body: Self.summary, contentType: .messageSummary)) == [
            .respond(statusCode: 200, headers: [F.field(.expires, "0")]),
            .sendNotify(Self.notifyRequest("terminated;reason=timeout")),
        ])
        #expect(notifier.state == .terminated)
    }

    // MARK: - Notifier: life (§4.2.1.2, §4.2.2)

    @Test("a state change is notified")
    func stateChange() throws {
        var notifier = try accepted()
        _ = notifier.handle(.start(body: Self.summary, contentType: .messageSummary))
        let none = Array("Messages-Waiting: no\r\n".utf8)
        #expect(notifier.handle(.stateChanged(body: none, contentType: .messageSummary)) == [
            .sendNotify(Self.notifyRequest("active", body: none)),
        ])
    }

    @Test("refresh: 200, NOTIFY with the current state, timer restarted; too brief: 423")
    func refresh() throws {
        var notifier = try accepted()
        _ = notifier.handle(.start(body: Self.summary, contentType: .messageSummary))
        let refresh = try subscribe(["Event: message-summary", "Expires: 1800"], cseq: 2, toTag: "vm1")
        #expect(notifier.handle(.subscribeReceived(refresh)) == [
            .respond(statusCode: 200, headers: [F.field(.expires, "1800")]),
            .sendNotify(Self.notifyRequest("active;expires=1800")),
            .startTimer(.subscriptionExpiration, .seconds(1800)),
        ])
        let brief = try subscribe(["Event: message-summary", "Expires: 10"], cseq: 3, toTag: "vm1")
        #expect(notifier.handle(.subscribeReceived(brief)) == [.respond(statusCode: 423, headers: [F.field(.minExpires, "60")])])
        #expect(notifier.state == .active)
        #expect(notifier.expires == 1800)
    }

    @Test("unsubscribe: 200 Expires 0 and a terminated NOTIFY")
    func unsubscribe() throws {
        var notifier = try accepted()
        _ = notifier.handle(.start(body: Self.summary, contentType: .messageSummary))
        let unsubscribe = try subscribe(["Event: message-summary", "Expires: 0"], cseq: 2, toTag: "vm1")
        #expect(notifier.handle(.subscribeReceived(unsubscribe)) == [
            .cancelTimer(.subscriptionExpiration),
            .respond(statusCode: 200, headers: [F.field(.expires, "0")]),
            .sendNotify(Self.notifyRequest("terminated;reason=timeout")),
        ])
        #expect(notifier.state == .terminated)
        #expect(notifier.handle(.subscribeReceived(unsubscribe)) == [.respond(statusCode: 481, headers: [])])
    }

    @Test("expiry: NOTIFY terminated;reason=timeout")
    func expiry() throws {
        var notifier = try accepted()
        _ = notifier.handle(.start(body: Self.summary, contentType: .messageSummary))
        #expect(notifier.handle(.timerFired(.subscriptionExpiration)) == [.sendNotify(Self.notifyRequest("terminated;reason=timeout"))])
        #expect(notifier.state == .terminated)
        #expect(notifier.handle(.stateChanged(body: Self.summary, contentType: .messageSummary)) == [])
    }

    @Test("we end it with a reason and retry-after")
    func terminateWithReason() throws {
        var notifier = try accepted()
        _ = notifier.handle(.start(body: [], contentType: nil))
        #expect(notifier.handle(.terminate(reason: "probation", retryAfter: 300)) == [
            .cancelTimer(.subscriptionExpiration),
            .sendNotify(Self.notifyRequest("terminated;reason=probation;retry-after=300", body: [])),
        ])
    }

    @Test("a NOTIFY answered 481, or timing out, ends the subscription silently")
    func notifyFailures() throws {
        var gone = try accepted()
        _ = gone.handle(.start(body: Self.summary, contentType: .messageSummary))
        #expect(gone.handle(.notifyResponseReceived(statusCode: 407)) == [])
        #expect(gone.handle(.notifyResponseReceived(statusCode: 481)) == [.cancelTimer(.subscriptionExpiration)])
        #expect(gone.state == .terminated)
        var lost = try accepted()
        _ = lost.handle(.start(body: Self.summary, contentType: .messageSummary))
        #expect(lost.handle(.notifyTimedOut) == [.cancelTimer(.subscriptionExpiration)])
    }

    // MARK: - Subscriber (§4.1)

    static let event = SIPEvent("message-summary")

    func started(expires: Int = 3600) -> SubscriptionSubscriber {
        var subscriber = SubscriptionSubscriber(event: Self.event, expires: expires, accept: [.messageSummary])
        _ = subscriber.handle(.start)
        return subscriber
    }

    static func subscribeHeaders(_ expires: Int) -> [SIPHeaderField] {
        [F.field(.event, "message-summary"), F.field(.expires, String(expires)), F.field(.accept, "application/simple-message-summary")]
    }

    @Test("subscriber: SUBSCRIBE, 200, NOTIFY active; refresh one minute before expiry")
    func subscriberHappyPath() throws {
        var subscriber = SubscriptionSubscriber(event: Self.event, accept: [.messageSummary])
        #expect(subscriber.handle(.start) == [
            .sendInitialSubscribe(headers: Self.subscribeHeaders(3600)), .startTimer(.timerN, .seconds(32)),
        ])
        #expect(subscriber.state == .notifyWait)
        let ok = try F.response(200, method: "SUBSCRIBE", extra: ["Expires: 3600"])
        #expect(subscriber.handle(.responseReceived(ok)) == [
            .startTimer(.refresh, .seconds(3540)), .startTimer(.expiration, .seconds(3600)),
        ])
        let body = "Messages-Waiting: yes\r\n"
        let first = try notify("active;expires=3599", body: body)
        #expect(subscriber.handle(.notifyReceived(first)) == [
            .respond(statusCode: 200, headers: []), .cancelTimer(.timerN),
            .startTimer(.refresh, .seconds(3539)), .startTimer(.expiration, .seconds(3599)),
            .report(.notified(SIPSubscriptionState("active", parameters: SIPParameters([("expires", "3599")])),
                              body: Array(body.utf8), contentType: .messageSummary)),
        ])
        #expect(subscriber.state == .active)
        #expect(subscriber.handle(.timerFired(.refresh)) == [.sendSubscribe(DialogRequest(.subscribe, headers: Self.subscribeHeaders(3600)))])
        #expect(subscriber.handle(.responseReceived(try F.response(200, method: "SUBSCRIBE", cseq: 2, extra: ["Expires: 600"]))) == [
            .startTimer(.refresh, .seconds(540)), .startTimer(.expiration, .seconds(600)),
        ])
    }

    @Test("refresh delay: half the interval for short subscriptions, one minute early for long ones", arguments: [
        (60, 30), (120, 60), (200, 140), (3600, 3540),
    ])
    func refreshDelay(expires: Int, delay: Int) {
        #expect(SubscriptionSubscriber.refreshDelay(forExpires: expires) == .seconds(delay))
    }

    @Test("subscriber: NOTIFY pending, then terminated;reason=timeout: re-subscribe at once")
    func pendingThenTimeout() throws {
        var subscriber = started()
        #expect(subscriber.handle(.notifyReceived(try notify("pending;expires=300"))) == [
            .respond(statusCode: 200, headers: []), .cancelTimer(.timerN),
            .startTimer(.refresh, .seconds(240)), .startTimer(.expiration, .seconds(300)),
            .report(.notified(SIPSubscriptionState("pending", parameters: SIPParameters([("expires", "300")])), body: [], contentType: nil)),
        ])
        #expect(subscriber.state == .pending)
        #expect(subscriber.handle(.notifyReceived(try notify("terminated;reason=timeout", cseq: 2))) == [
            .respond(statusCode: 200, headers: []), .cancelTimer(.refresh), .cancelTimer(.expiration),
            .report(.terminated(reason: "timeout", retry: .immediately)),
        ])
        #expect(subscriber.state == .terminated)
        #expect(subscriber.handle(.notifyReceived(try notify("active", cseq: 3))) == [.respond(statusCode: 481, headers: [])])
    }

    @Test("subscriber: what each termination reason asks (RFC 6665 §4.1.3)", arguments: [
        ("terminated;reason=deactivated", SubscriptionSubscriber.Retry.immediately),
        ("terminated;reason=probation;retry-after=120", .after(.seconds(120))),
        ("terminated;reason=probation", .later),
        ("terminated;reason=giveup", .later),
        ("terminated;reason=giveup;retry-after=30", .after(.seconds(30))),
        ("terminated;reason=rejected", .never),
        ("terminated;reason=noresource;retry-after=5", .never),
        ("terminated;reason=invariant", .never),
        ("terminated", .immediately),
        ("terminated;retry-after=10", .after(.seconds(10))),
    ])
    func terminationReasons(state: String, retry: SubscriptionSubscriber.Retry) throws {
        var subscriber = started()
        let actions = subscriber.handle(.notifyReceived(try notify(state)))
        let reason = try SIPHeaders([SIPHeaderField(.subscriptionState, state)]).subscriptionState?.reason
        #expect(actions == [.respond(statusCode: 200, headers: []), .cancelTimer(.timerN), .report(.terminated(reason: reason, retry: retry))])
    }

    @Test("subscriber: 423 raises Expires to Min-Expires and resends")
    func intervalTooBrief() throws {
        var subscriber = started(expires: 60)
        let brief = try F.response(423, method: "SUBSCRIBE", extra: ["Min-Expires: 1800"])
        #expect(subscriber.handle(.responseReceived(brief)) == [.sendInitialSubscribe(headers: Self.subscribeHeaders(1800))])
        #expect(subscriber.requestedExpires == 1800)
        // A 423 without a usable Min-Expires is a failure.
        #expect(subscriber.handle(.responseReceived(try F.response(423, method: "SUBSCRIBE", cseq: 2))) == [
            .cancelTimer(.timerN), .report(.rejected(statusCode: 423)),
        ])
    }

    @Test("subscriber: 489 rejects the subscription; 401 is the driver's")
    func rejected() throws {
        var subscriber = started()
        #expect(subscriber.handle(.responseReceived(try F.response(401, method: "SUBSCRIBE"))) == [])
        #expect(subscriber.handle(.responseReceived(try F.response(489, method: "SUBSCRIBE", cseq: 2))) == [
            .cancelTimer(.timerN), .report(.rejected(statusCode: 489)),
        ])
        #expect(subscriber.state == .terminated)
    }

    @Test("subscriber: Timer N fires without a NOTIFY")
    func timerN() throws {
        var subscriber = started()
        _ = subscriber.handle(.responseReceived(try F.response(200, method: "SUBSCRIBE", extra: ["Expires: 3600"])))
        #expect(subscriber.handle(.timerFired(.timerN)) == [
            .cancelTimer(.refresh), .cancelTimer(.expiration), .report(.terminated(reason: nil, retry: .later)),
        ])
    }

    @Test("subscriber: a failed refresh keeps the subscription to its expiry; 481 ends it (§4.1.2.2)")
    func refreshFailures() throws {
        var subscriber = started()
        _ = subscriber.handle(.notifyReceived(try notify("active;expires=600")))
        _ = subscriber.handle(.timerFired(.refresh))
        #expect(subscriber.handle(.responseReceived(try F.response(500, method: "SUBSCRIBE", cseq: 2))) == [])
        #expect(subscriber.handle(.requestTimedOut) == [])
        #expect(subscriber.state == .active)
        #expect(subscriber.handle(.timerFired(.expiration)) == [.report(.terminated(reason: nil, retry: .immediately))])

        var gone = started()
        _ = gone.handle(.notifyReceived(try notify("active;expires=600")))
        #expect(gone.handle(.responseReceived(try F.response(481, method: "SUBSCRIBE", cseq: 2))) == [
            .cancelTimer(.refresh), .cancelTimer(.expiration), .report(.rejected(statusCode: 481)),
        ])
    }

    @Test("subscriber: unsubscribe sends Expires 0 and ends with the final NOTIFY")
    func subscriberUnsubscribes() throws {
        var subscriber = started()
        _ = subscriber.handle(.notifyReceived(try notify("active;expires=600")))
        #expect(subscriber.handle(.unsubscribe) == [
            .cancelTimer(.refresh), .cancelTimer(.expiration),
            .sendSubscribe(DialogRequest(.subscribe, headers: Self.subscribeHeaders(0))), .startTimer(.timerN, .seconds(32)),
        ])
        #expect(subscriber.handle(.responseReceived(try F.response(200, method: "SUBSCRIBE", cseq: 2, extra: ["Expires: 0"]))) == [])
        #expect(subscriber.handle(.notifyReceived(try notify("terminated;reason=timeout", cseq: 2))) == [
            .respond(statusCode: 200, headers: []), .cancelTimer(.timerN), .report(.terminated(reason: "timeout", retry: .never)),
        ])
    }

    @Test("subscriber: NOTIFYs that are not ours")
    func foreignNotifies() throws {
        var idle = SubscriptionSubscriber(event: Self.event)
        #expect(idle.handle(.notifyReceived(try notify("active"))) == [.respond(statusCode: 481, headers: [])])
        var subscriber = started()
        #expect(subscriber.handle(.notifyReceived(try notify("active", event: "presence")))
            == [.respond(statusCode: 489, headers: [F.field(.allowEvents, "message-summary")])])
        #expect(subscriber.handle(.notifyReceived(try notify("active", event: "message-summary;id=4")))
            == [.respond(statusCode: 481, headers: [])])
        var noState = try notify("active")
        noState.headers.remove(.subscriptionState)
        #expect(subscriber.handle(.notifyReceived(noState)) == [.respond(statusCode: 400, headers: [])])
    }

    @Test("the subscriber's dialog from a NOTIFY that beats the 2xx (RFC 6665 §4.1.2.4)")
    func dialogFromNotify() throws {
        let subscribe = try subscribe(["Event: message-summary", "Expires: 3600"])
        var dialog = try Dialog(subscriberFor: subscribe, notify: try notify("active;expires=3600"))
        #expect(dialog.id == DialogID(callID: "a84b4c76e66710@pc33.atlanta.example.com", localTag: "1928301774", remoteTag: "vm1"))
        #expect(dialog.remoteTarget.serialized == "sip:vm@192.0.2.9")
        #expect(dialog.routeSet.map(\.uri.serialized) == ["sip:p2.example.com;lr", "sip:p1.example.com;lr"])
        let refresh = DialogRequest(.subscribe, headers: Self.subscribeHeaders(3600)).make(in: &dialog, via: F.via, contact: F.contact)
        #expect(try refresh.headers.cseq == SIPCSeq(2, .subscribe))
        #expect(try refresh.headers.to.tag == "vm1")
        #expect(try refresh.headers.route.map(\.uri.serialized) == ["sip:p2.example.com;lr", "sip:p1.example.com;lr"])
    }

    // MARK: - Unsolicited NOTIFY

    @Test("unsolicited message-summary NOTIFY fields")
    func unsolicited() {
        #expect(UnsolicitedNotify.messageSummary().headers == [
            F.field(.event, "message-summary"), F.field(.subscriptionState, "active"),
            F.field(.contentType, "application/simple-message-summary"),
        ])
        let terminated = UnsolicitedNotify(
            event: SIPEvent("message-summary"),
            subscriptionState: SIPSubscriptionState("terminated", parameters: SIPParameters([("reason", "noresource")])), contentType: nil)
        #expect(terminated.headers == [F.field(.event, "message-summary"), F.field(.subscriptionState, "terminated;reason=noresource")])
    }
}
