public import SIPMessage

/// The referrer's side of a transfer (RFC 3515, RFC 4488): the REFER we send and the implicit subscription to the
/// `refer` event through which the referee reports how the referenced request fares.
///
/// The subscriber states follow RFC 6665 §4.1.2 (NOTIFY wait → pending/active → terminated). The driver builds the REFER
/// with `makeRefer(to:referredBy:subscription:)` in the call's dialog, sends it, and feeds `.referSent` with the message
/// it sent (for the CSeq that NOTIFYs name in `Event: refer;id=`), then the REFER's final response and every NOTIFY for
/// this REFER. Outcomes come as `.report` actions.
///
/// | state        | event                          | actions                                                      | next        |
/// |--------------|--------------------------------|--------------------------------------------------------------|-------------|
/// | NOTIFY wait  | REFER sent (subscription)      | start Timer N = 64·T1 (RFC 6665 §4.1.2.4)                      | NOTIFY wait |
/// | NOTIFY wait  | 2xx with `Refer-Sub: false`    | cancel N; report accepted(subscription: false) (RFC 4488 §4)   | terminated  |
/// | NOTIFY wait  | 2xx                            | report accepted(subscription: true)                            | NOTIFY wait |
/// | any live     | 3xx–6xx or timeout             | cancel timers; report rejected(status)                        | terminated  |
/// | any live     | NOTIFY pending/active          | 200; cancel N; restart expiration; report the sipfrag status¹  | pending/active |
/// | any live     | NOTIFY terminated              | 200; report the status¹; cancel timers; subscriptionTerminated² | terminated |
///
/// ¹ 1xx → `progress`, 2xx → `succeeded`, 3xx–6xx → `failed` (RFC 3515 §2.4.5); a repeated final status is reported once.
/// ² only when no final status came: the outcome of the referenced request is unknown.
/// | any live     | Timer N / subscription expiration | report subscriptionTerminated                              | terminated  |
/// | terminated   | NOTIFY                         | 481                                                           | terminated  |
public struct ReferSubscription: Sendable, Equatable {
    /// The subscriber states of RFC 6665 §4.1.2.
    public enum State: Sendable, Equatable {
        /// The REFER is out; no NOTIFY yet.
        case notifyWait
        /// A NOTIFY said `pending`.
        case pending
        /// A NOTIFY said `active`.
        case active
        /// Over: final status reported, subscription ended, or the REFER failed.
        case terminated
    }

    /// The timers the driver runs for this machine.
    public enum Timer: Sendable, Hashable {
        /// RFC 6665 §4.1.2.4: 64·T1 for the first NOTIFY after the REFER is sent.
        case timerN
        /// The subscription's `expires` from the last NOTIFY ran out.
        case subscriptionExpiration
    }

    /// What the transfer came to, for the application.
    public enum Outcome: Sendable, Equatable {
        /// The REFER got a 2xx; `subscription` is false when the referee agreed not to send NOTIFYs (RFC 4488).
        case accepted(subscription: Bool)
        /// The REFER failed (3xx–6xx, or 408 on timeout): the referee will not act on it.
        case rejected(statusCode: Int)
        /// The referenced request got a provisional response (`SIP/2.0 180 Ringing` …).
        case progress(statusCode: Int)
        /// The referenced request succeeded (2xx): the transfer is done.
        case succeeded(statusCode: Int)
        /// The referenced request failed (3xx–6xx, e.g. `SIP/2.0 486 Busy Here`).
        case failed(statusCode: Int)
        /// The subscription ended before a final status: the result is unknown. `reason` is the NOTIFY's, or
        /// `timeout` when our subscription expired, or nil when no NOTIFY came at all (Timer N).
        case subscriptionTerminated(reason: String?)
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// We sent this REFER (as built by `makeRefer`).
        case referSent(SIPMessage)
        /// A final (or provisional) response to the REFER.
        case responseReceived(SIPMessage)
        /// The REFER transaction timed out.
        case requestTimedOut
        /// A NOTIFY arrived in the REFER's dialog for the `refer` event.
        case notifyReceived(SIPMessage)
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Answer the NOTIFY with this status and extra fields.
        case respond(statusCode: Int, headers: [SIPHeaderField])
        /// Tell the application.
        case report(Outcome)
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// The current state.
    public private(set) var state: State = .notifyWait
    /// The CSeq number of our REFER, which NOTIFYs may carry as the Event `id` (RFC 3515 §2.4.6).
    public private(set) var referSequence: UInt32?
    /// Whether we asked for no subscription with `Refer-Sub: false` (RFC 4488 §4).
    public private(set) var subscriptionSuppressed = false
    /// The last status code a NOTIFY reported.
    public private(set) var lastStatus: Int?
    /// T1 (RFC 3261 §17.1.1.1), from which Timer N is 64·T1.
    public let t1: Duration

    private var running: Set<Timer> = []
    private var notified = false

    /// Creates the machine before the REFER is sent.
    public init(t1: Duration = .milliseconds(500)) {
        self.t1 = t1
    }

    /// The REFER to send in the call's dialog (RFC 3515 §2.1): Refer-To, Referred-By (RFC 3892) when given, and
    /// `Refer-Sub: false` plus `Supported: norefersub` when no NOTIFYs are wanted (RFC 4488 §4).
    public static func makeRefer(to target: ReferTarget, referredBy: NameAddress? = nil, subscription: Bool = true) -> DialogRequest {
        var fields = [target.field]
        if let referredBy { fields.append(SIPHeaderField(.referredBy, referredBy.serialized)) }
        if !subscription {
            fields.append(SIPHeaderField(.referSub, "false"))
            fields.append(SIPHeaderField(.supported, "norefersub"))
        }
        return DialogRequest(.refer, headers: fields)
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .referSent(let refer):
            referSequence = (try? refer.headers.cseq)?.sequence
            subscriptionSuppressed = refer.headers.refersWithoutSubscription
            guard state == .notifyWait, !subscriptionSuppressed, !notified else { return [] }
            return start(.timerN, t1 * 64)
        case .responseReceived(let response):
            return receive(response)
        case .requestTimedOut:
            guard state != .terminated else { return [] }
            return terminate() + [.report(.rejected(statusCode: 408))]
        case .notifyReceived(let notify):
            return receiveNotify(notify)
        case .timerFired(let timer):
            running.remove(timer)
            guard state != .terminated else { return [] }
            switch timer {
            case .timerN:
                guard !notified else { return [] }
                return terminate() + [.report(.subscriptionTerminated(reason: nil))]
            case .subscriptionExpiration:
                return terminate() + [.report(.subscriptionTerminated(reason: "timeout"))]
            }
        }
    }

    private mutating func receive(_ response: SIPMessage) -> [Action] {
        guard let status = response.statusCode, status >= 200, state != .terminated else { return [] }
        guard SIPStatus.isSuccess(status) else {
            return terminate() + [.report(.rejected(statusCode: status))]
        }
        // RFC 4488 §4: the subscription is suppressed only if the 2xx says so too.
        if response.headers.refersWithoutSubscription {
            return terminate() + [.report(.accepted(subscription: false))]
        }
        var actions: [Action] = [.report(.accepted(subscription: true))]
        if subscriptionSuppressed, !notified, !running.contains(.timerN) {
            // We asked for no subscription but the referee made one anyway: wait for its NOTIFY as usual.
            actions += start(.timerN, t1 * 64)
        }
        return actions
    }

    private mutating func receiveNotify(_ notify: SIPMessage) -> [Action] {
        guard state != .terminated else { return [.respond(statusCode: 481, headers: [])] }
        let event: SIPEvent?
        let subscriptionState: SIPSubscriptionState?
        do throws(SIPMessageError) {
            event = try notify.headers.event
            subscriptionState = try notify.headers.subscriptionState
        } catch {
            return [.respond(statusCode: 400, headers: [])]
        }
        guard let event, event.package.lowercased() == "refer" else {
            return [.respond(statusCode: 489, headers: [SIPHeaderField(.allowEvents, "refer")])]
        }
        if let id = event.id, let referSequence, id != String(referSequence) {
            return [.respond(statusCode: 481, headers: [])]
        }
        guard let subscriptionState else { return [.respond(statusCode: 400, headers: [])] }

        // The body: a sipfrag whose status line is the referenced request's status (RFC 3515 §2.4.5).
        var status: Int?
        if !notify.body.isEmpty {
            if let type = (try? notify.headers.contentType) ?? nil, !type.matches(.sipfrag) {
                return [.respond(statusCode: 415, headers: [SIPHeaderField(.accept, SIPMediaType.sipfrag.description)])]
            }
            guard let fragment = try? SIPFragment(parsing: notify.body), let code = fragment.statusCode else {
                return [.respond(statusCode: 400, headers: [])]
            }
            status = code
        }

        var actions: [Action] = [.respond(statusCode: 200, headers: [])]
        notified = true
        actions += cancel([.timerN])
        let wasFinal = lastStatus.map { $0 >= 200 } ?? false
        if let status, !(wasFinal && status == lastStatus) {
            lastStatus = status
            switch status {
            case ..<200: actions.append(.report(.progress(statusCode: status)))
            case 200..<300: actions.append(.report(.succeeded(statusCode: status)))
            default: actions.append(.report(.failed(statusCode: status)))
            }
        }
        switch subscriptionState.state {
        case "terminated":
            actions += terminate()
            if !(lastStatus.map { $0 >= 200 } ?? false) {
                actions.append(.report(.subscriptionTerminated(reason: subscriptionState.reason)))
            }
        case "active":
            state = .active
            if let expires = subscriptionState.expires { actions += start(.subscriptionExpiration, .seconds(expires)) }
        default:
            state = state == .active ? .active : .pending
            if let expires = subscriptionState.expires { actions += start(.subscriptionExpiration, .seconds(expires)) }
        }
        return actions
    }

    private mutating func terminate() -> [Action] {
        state = .terminated
        return cancel([.timerN, .subscriptionExpiration])
    }

    private mutating func start(_ timer: Timer, _ duration: Duration) -> [Action] {
        running.insert(timer)
        return [.startTimer(timer, duration)]
    }

    private mutating func cancel(_ timers: [Timer]) -> [Action] {
        var actions: [Action] = []
        for timer in timers where running.remove(timer) != nil { actions.append(.cancelTimer(timer)) }
        return actions
    }
}
