import SIPMessage
import Testing
@testable import SIPDialog

@Suite("Session timers (RFC 4028)")
struct SessionTimerTests {
    typealias F = UsageFixtures

    func invite(_ extra: [String]) throws -> SIPMessage { try F.request("INVITE", extra: extra) }

    // MARK: - UAS negotiation (§9)

    @Test("§9: an interval below our minimum from a timer-capable UAC is rejected with 422 and Min-SE")
    func reject422() throws {
        var timer = SessionTimer()
        let actions = timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 60"])))
        #expect(actions == [.reject(statusCode: 422, headers: [F.field(.minSE, "90")])])
        #expect(timer.state == .inactive)
        #expect(timer.handle(.successResponseSent) == [])
    }

    @Test("§9: the 422's Min-SE is our configured minimum")
    func reject422CustomMinimum() throws {
        var timer = SessionTimer(configuration: .init(minimumInterval: 600))
        let actions = timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 300;refresher=uac", "Min-SE: 90"])))
        #expect(actions == [.reject(statusCode: 422, headers: [F.field(.minSE, "600")])])
    }

    @Test("§9: an acceptable interval with refresher=uac is kept; the UAC refreshes, we expire at T − min(32, T/3)")
    func acceptUACRefresher() throws {
        var timer = SessionTimer()
        let actions = timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 1800;refresher=uac"])))
        #expect(actions == [.addToSuccessResponse([F.field(.sessionExpires, "1800;refresher=uac"), F.field(.require, "timer")])])
        #expect(timer.state == .inactive)
        #expect(timer.handle(.successResponseSent) == [.startTimer(.sessionExpiration, .seconds(1768))])
        #expect(timer.state == .active(interval: 1800, refresher: .remote))

        // §10: no refresh came: BYE slightly before the session expires.
        let bye = timer.handle(.timerFired(.sessionExpiration))
        #expect(bye == [.sendBye(headers: [F.field(.reason, #"SIP;cause=408;text="Session Timer Expired""#)])])
        #expect(timer.state == .expired)
        #expect(timer.handle(.timerFired(.sessionExpiration)) == [])
    }

    @Test("§9: the peer's refresh restarts the expiration timer")
    func peerRefreshRestarts() throws {
        var timer = SessionTimer()
        _ = timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 90;refresher=uac"])))
        #expect(timer.handle(.successResponseSent) == [.startTimer(.sessionExpiration, .seconds(60))])   // 90 − 90/3
        let refresh = try F.request("UPDATE", cseq: 2, toTag: "a6c85cf", extra: ["Supported: timer", "Session-Expires: 90;refresher=uac"])
        #expect(timer.handle(.requestReceived(refresh)) == [.addToSuccessResponse([F.field(.sessionExpires, "90;refresher=uac"), F.field(.require, "timer")])])
        #expect(timer.handle(.successResponseSent) == [.startTimer(.sessionExpiration, .seconds(60))])
    }

    @Test("§9 Table 2: who refreshes", arguments: [
        // (Supported, Session-Expires in the request, our preference) → Session-Expires and Require in the 2xx
        (false, "1800", SessionTimer.Refresher.remote, "1800;refresher=uas", false, SessionTimer.Refresher.local),
        (true, "1800", .remote, "1800;refresher=uac", true, .remote),
        (true, "1800", .local, "1800;refresher=uas", true, .local),
        (true, "1800;refresher=uac", .local, "1800;refresher=uac", true, .remote),
        (true, "1800;refresher=uas", .remote, "1800;refresher=uas", true, .local),
    ])
    func refresherChoice(
        supported: Bool, requested: String, preference: SessionTimer.Refresher, expected: String, require: Bool,
        refresher: SessionTimer.Refresher
    ) throws {
        var timer = SessionTimer(configuration: .init(preferredRefresher: preference))
        let lines = (supported ? ["Supported: timer"] : []) + ["Session-Expires: " + requested]
        var fields = [F.field(.sessionExpires, expected)]
        if require { fields.append(F.field(.require, "timer")) }
        #expect(timer.handle(.requestReceived(try invite(lines))) == [.addToSuccessResponse(fields)])
        _ = timer.handle(.successResponseSent)
        #expect(timer.state == .active(interval: 1800, refresher: refresher))
    }

    @Test("§9: the UAS lowers a long interval to its preferred one, never below Min-SE")
    func lowersInterval() throws {
        var timer = SessionTimer(configuration: .init(preferredInterval: 900))
        #expect(timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 7200;refresher=uac"])))
            == [.addToSuccessResponse([F.field(.sessionExpires, "900;refresher=uac"), F.field(.require, "timer")])])
        var bounded = SessionTimer(configuration: .init(preferredInterval: 900))
        #expect(bounded.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: 7200;refresher=uac", "Min-SE: 1200"])))
            == [.addToSuccessResponse([F.field(.sessionExpires, "1200;refresher=uac"), F.field(.require, "timer")])])
    }

    @Test("§9 and errata 1687: a UAC without timer support is not rejected; its small interval is raised and we refresh")
    func peerWithoutSupport() throws {
        var timer = SessionTimer()
        #expect(timer.handle(.requestReceived(try invite(["Session-Expires: 60"])))
            == [.addToSuccessResponse([F.field(.sessionExpires, "90;refresher=uas")])])
        #expect(timer.handle(.successResponseSent) == [
            .startTimer(.sessionRefresh, .seconds(45)), .startTimer(.sessionExpiration, .seconds(90)),
        ])
        // §10: refresh at half the interval; no Allow: UPDATE from the peer, so re-INVITE.
        #expect(timer.handle(.timerFired(.sessionRefresh)) == [.sendRefresh(.invite, headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "90;refresher=uac"), F.field(.minSE, "90"),
        ])])
    }

    @Test("§10: refreshes use UPDATE when the peer allows it")
    func refreshWithUpdate() throws {
        var timer = SessionTimer()
        _ = timer.handle(.requestReceived(try invite(["Allow: INVITE, ACK, BYE, CANCEL, UPDATE", "Supported: timer", "Session-Expires: 1800;refresher=uas"])))
        #expect(timer.handle(.successResponseSent) == [
            .startTimer(.sessionRefresh, .seconds(900)), .startTimer(.sessionExpiration, .seconds(1800)),
        ])
        #expect(timer.handle(.timerFired(.sessionRefresh)) == [.sendRefresh(.update, headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "1800;refresher=uac"), F.field(.minSE, "90"),
        ])])
        // The 2xx to our UPDATE restarts both timers.
        let ok = try F.response(200, method: "UPDATE", cseq: 2, extra: ["Require: timer", "Session-Expires: 1800;refresher=uac"])
        #expect(timer.handle(.responseReceived(ok)) == [
            .startTimer(.sessionRefresh, .seconds(900)), .startTimer(.sessionExpiration, .seconds(1800)),
        ])
    }

    @Test("§9: no Session-Expires from a timer-capable UAC: we ask for our preferred interval")
    func noSessionExpiresSupported() throws {
        var timer = SessionTimer()
        #expect(timer.handle(.requestReceived(try invite(["Supported: timer, 100rel"])))
            == [.addToSuccessResponse([F.field(.sessionExpires, "1800;refresher=uac"), F.field(.require, "timer")])])
    }

    @Test("no timer at all when the peer lacks support and we do not refresh alone")
    func noTimer() throws {
        var timer = SessionTimer(configuration: .init(refreshWhenPeerLacksSupport: false))
        #expect(timer.handle(.requestReceived(try invite([]))) == [])
        #expect(timer.handle(.successResponseSent) == [])
        #expect(timer.state == .inactive)
    }

    @Test("a malformed Session-Expires gets 400")
    func malformed() throws {
        var timer = SessionTimer()
        #expect(timer.handle(.requestReceived(try invite(["Supported: timer", "Session-Expires: soon"])))
            == [.reject(statusCode: 400, headers: [])])
    }

    // MARK: - UAC (§7)

    @Test("§7.1: our INVITE asks for the preferred interval and says Supported: timer")
    func requestHeaders() {
        var timer = SessionTimer()
        #expect(timer.requestHeaders() == [F.field(.supported, "timer"), F.field(.sessionExpires, "1800"), F.field(.minSE, "90")])
    }

    @Test("§7.2: 2xx with refresher=uac: we refresh at half the interval")
    func uacRefresher() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        let ok = try F.response(200, extra: ["Require: timer", "Session-Expires: 1800;refresher=uac"])
        #expect(timer.handle(.responseReceived(ok)) == [
            .startTimer(.sessionRefresh, .seconds(900)), .startTimer(.sessionExpiration, .seconds(1800)),
        ])
        #expect(timer.state == .active(interval: 1800, refresher: .local))
        #expect(timer.handle(.timerFired(.sessionRefresh)) == [.sendRefresh(.invite, headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "1800;refresher=uac"), F.field(.minSE, "90"),
        ])])
    }

    @Test("§7.2: 2xx with refresher=uas: the peer refreshes, we expire")
    func uasRefresher() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        let ok = try F.response(200, extra: ["Require: timer", "Session-Expires: 1200;refresher=uas"])
        #expect(timer.handle(.responseReceived(ok)) == [.startTimer(.sessionExpiration, .seconds(1168))])
        #expect(timer.state == .active(interval: 1200, refresher: .remote))
        // A re-INVITE of ours while the peer refreshes says refresher=uas (§7.4).
        #expect(timer.requestHeaders() == [F.field(.supported, "timer"), F.field(.sessionExpires, "1200;refresher=uas"), F.field(.minSE, "90")])
    }

    @Test("§7.2: a 2xx without Session-Expires: the UAS lacks support, we refresh for ourselves")
    func uacPeerWithoutSupport() throws {
        var timer = SessionTimer(configuration: .init(preferredInterval: 600))
        _ = timer.requestHeaders()
        #expect(timer.handle(.responseReceived(try F.response(200))) == [
            .startTimer(.sessionRefresh, .seconds(300)), .startTimer(.sessionExpiration, .seconds(600)),
        ])
        var passive = SessionTimer(configuration: .init(refreshWhenPeerLacksSupport: false))
        _ = passive.requestHeaders()
        #expect(passive.handle(.responseReceived(try F.response(200))) == [])
        #expect(passive.state == .inactive)
    }

    @Test("§7.3: a 422 makes us retry with its Min-SE")
    func retryAfter422() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        let tooSmall = try F.response(422, extra: ["Min-SE: 2400"])
        #expect(timer.handle(.responseReceived(tooSmall)) == [.retryRequest(headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "2400"), F.field(.minSE, "2400"),
        ])])
        #expect(timer.minimumInterval == 2400)
        // The same 422 again cannot be satisfied by retrying: no loop.
        #expect(timer.handle(.responseReceived(tooSmall)) == [])
    }

    @Test("§10: a 481 or 408 to our refresh ends the session with BYE", arguments: [408, 481])
    func refreshFails(status: Int) throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Require: timer", "Session-Expires: 1800;refresher=uac"])))
        _ = timer.handle(.timerFired(.sessionRefresh))
        let reason = SIPReason(protocolName: "SIP", cause: status, text: SIPStatus.reasonPhrase(for: status))
        #expect(timer.handle(.responseReceived(try F.response(status, cseq: 2))) == [
            .cancelTimer(.sessionExpiration), .sendBye(headers: [F.field(.reason, reason.description)]),
        ])
        #expect(timer.state == .expired)
    }

    @Test("§10: a refresh transaction timeout ends the session")
    func refreshTimesOut() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Session-Expires: 1800;refresher=uac"])))
        _ = timer.handle(.timerFired(.sessionRefresh))
        #expect(timer.handle(.requestTimedOut) == [
            .cancelTimer(.sessionExpiration),
            .sendBye(headers: [F.field(.reason, #"SIP;cause=408;text="Request Timeout""#)]),
        ])
    }

    @Test("§10: no 2xx to our refresh before the session expires: BYE")
    func refresherExpires() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Session-Expires: 1800;refresher=uac"])))
        _ = timer.handle(.timerFired(.sessionRefresh))
        #expect(timer.handle(.responseReceived(try F.response(491, cseq: 2))) == [])
        #expect(timer.handle(.timerFired(.sessionExpiration)) == [
            .sendBye(headers: [F.field(.reason, #"SIP;cause=408;text="Session Timer Expired""#)]),
        ])
    }

    @Test("a 501 to our UPDATE refresh falls back to re-INVITE")
    func updateNotImplemented() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Allow: INVITE, UPDATE", "Session-Expires: 1800;refresher=uac"])))
        #expect(timer.handle(.timerFired(.sessionRefresh)).first == .sendRefresh(.update, headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "1800;refresher=uac"), F.field(.minSE, "90"),
        ]))
        #expect(timer.handle(.responseReceived(try F.response(501, method: "UPDATE", cseq: 2))) == [.sendRefresh(.invite, headers: [
            F.field(.supported, "timer"), F.field(.sessionExpires, "1800;refresher=uac"), F.field(.minSE, "90"),
        ])])
        #expect(!timer.peerAllowsUpdate)
    }

    @Test("the refresh request the driver builds from the action")
    func refreshMessage() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Allow: UPDATE", "Session-Expires: 1800;refresher=uac"])))
        guard case .sendRefresh(let method, let headers) = timer.handle(.timerFired(.sessionRefresh)).first else {
            Issue.record("expected a refresh")
            return
        }
        var dialog = try F.uacDialog()
        let update = DialogRequest(method, headers: headers).make(in: &dialog, via: F.via, contact: F.contact)
        #expect(update.method == .update)
        #expect(try update.headers.cseq == SIPCSeq(2, .update))
        #expect(try update.headers.sessionExpires == SIPSessionExpires(seconds: 1800, refresher: .uac))
        #expect(try update.headers.minSE == 90)
        #expect(try update.headers.supported == ["timer"])
    }

    @Test("responses to other methods say nothing about the session timer")
    func otherMethods() throws {
        var timer = SessionTimer()
        _ = timer.requestHeaders()
        _ = timer.handle(.responseReceived(try F.response(200, extra: ["Session-Expires: 1800;refresher=uas"])))
        #expect(timer.handle(.responseReceived(try F.response(200, method: "INFO", cseq: 2))) == [])
        #expect(timer.handle(.responseReceived(try F.response(481, method: "INFO", cseq: 3))) == [])
        #expect(timer.state == .active(interval: 1800, refresher: .remote))
    }
}
