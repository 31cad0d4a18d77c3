public import SIPMessage

/// The subscriber side of one SIP-events subscription (RFC 6665 §4.1), e.g. to a mailbox's `message-summary`.
///
/// States and Timer N follow the subscriber diagram of RFC 6665 §4.1.2. The driver feeds `.start`, sends the initial
/// SUBSCRIBE out of dialog with the returned fields (it owns Call-ID, From tag, Via and CSeq), creates the dialog from
/// the first 2xx (`Dialog(uacFor:response:)`) or NOTIFY (`Dialog(subscriberFor:notify:)`), and feeds the SUBSCRIBE
/// responses, every NOTIFY of the subscription and the timers. Refreshes and the unsubscribe are in-dialog requests.
///
/// | state       | event                             | actions                                                      | next          |
/// |-------------|-----------------------------------|--------------------------------------------------------------|---------------|
/// | init        | start                             | send SUBSCRIBE (Event, Expires, Accept); start Timer N = 64·T1 | NOTIFY wait |
/// | any live    | 2xx (Expires: N)                  | start refresh at max(N/2, N−60) s and expiration at N s        | same          |
/// | any live    | 423 (Min-Expires: M)              | SUBSCRIBE again with Expires M (§4.1.2.1)                      | same          |
/// | NOTIFY wait | 3xx–6xx or timeout                | report rejected                                               | terminated    |
/// | any live    | 481                               | report rejected(481)                                          | terminated    |
/// | pending/active | other failure to a refresh     | — (the subscription lasts until its known expiry, §4.1.2.2)    | same          |
/// | any live    | NOTIFY active/pending             | 200; cancel N; timers from its `expires`; report notified       | active/pending |
/// | any live    | NOTIFY terminated                 | 200; cancel timers; notified (with a body); terminated¹         | terminated    |
/// | NOTIFY wait | Timer N                           | report terminated(no reason, retry later) (§4.1.2.4)           | terminated    |
/// | pending/active | refresh timer                  | SUBSCRIBE refresh in the dialog                               | same          |
/// | any live    | expiration timer                  | report terminated                                             | terminated    |
/// | pending/active | unsubscribe                    | SUBSCRIBE Expires: 0; start Timer N for the final NOTIFY       | same          |
/// | init / terminated | NOTIFY                      | 481                                                           | same          |
///
/// ¹ `terminated(reason:retry:)` with what RFC 6665 §4.1.3 asks of each reason and `retry-after`.
public struct SubscriptionSubscriber: Sendable, Equatable {
    /// The subscriber states of RFC 6665 §4.1.2.
    public enum State: Sendable, Equatable {
        /// Nothing sent yet.
        case initial
        /// SUBSCRIBE sent; no NOTIFY yet.
        case notifyWait
        /// The notifier said `pending` (authorization under way).
        case pending
        /// The notifier said `active`.
        case active
        /// Over.
        case terminated
    }

    /// The timers the driver runs for this machine.
    public enum Timer: Sendable, Hashable {
        /// RFC 6665 §4.1.2.4: 64·T1 to wait for a NOTIFY after a SUBSCRIBE.
        case timerN
        /// Time to refresh the subscription, somewhat before it expires (RFC 6665 §4.1.2.2).
        case refresh
        /// The subscription's known duration ran out.
        case expiration
    }

    /// What to do after a termination, from its reason and retry-after (RFC 6665 §4.1.3).
    public enum Retry: Sendable, Equatable {
        /// Re-subscribe now (`deactivated`, `timeout`, no reason).
        case immediately
        /// Re-subscribe no sooner than this (`retry-after`).
        case after(Duration)
        /// Re-subscribe at a time of our choosing (`probation`, `giveup` without retry-after; no NOTIFY in time).
        case later
        /// Do not re-subscribe (`rejected`, `noresource`, `invariant`, or we unsubscribed).
        case never
    }

    /// What the subscription did, for the application.
    public enum Outcome: Sendable, Equatable {
        /// A NOTIFY: its Subscription-State and its body (the package's state document).
        case notified(SIPSubscriptionState, body: [UInt8], contentType: SIPMediaType?)
        /// The SUBSCRIBE failed with this status; there is no subscription.
        case rejected(statusCode: Int)
        /// The subscription ended; `reason` as the notifier gave it (nil when it gave none or we gave up).
        case terminated(reason: String?, retry: Retry)
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// Subscribe now.
        case start
        /// A response to a SUBSCRIBE we sent (initial, refresh or unsubscribe).
        case responseReceived(SIPMessage)
        /// A SUBSCRIBE transaction of ours timed out.
        case requestTimedOut
        /// A NOTIFY for this subscription (same dialog, or matching Call-ID and From tag before the dialog exists).
        case notifyReceived(SIPMessage)
        /// End the subscription.
        case unsubscribe
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Send an out-of-dialog SUBSCRIBE with these fields (the initial one, or again after a 423 before the dialog
        /// exists: same Call-ID and From tag, next CSeq).
        case sendInitialSubscribe(headers: [SIPHeaderField])
        /// Send this SUBSCRIBE in the subscription's dialog (refresh, retry, unsubscribe).
        case sendSubscribe(DialogRequest)
        /// Answer the NOTIFY with this status and extra fields.
        case respond(statusCode: Int, headers: [SIPHeaderField])
        /// Tell the application.
        case report(Outcome)
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// The Event of the subscription (package and optional `id`).
    public let event: SIPEvent
    /// The body types we accept, sent in Accept; empty for none (the package default).
    public let accept: [SIPMediaType]
    /// T1 (RFC 3261 §17.1.1.1), from which Timer N is 64·T1.
    public let t1: Duration
    /// The duration we ask for, in seconds (raised by a 423's Min-Expires).
    public private(set) var requestedExpires: Int
    /// The current state.
    public private(set) var state: State = .initial
    /// Whether the dialog exists (a 2xx or a NOTIFY arrived), so that SUBSCRIBEs go in it.
    public private(set) var dialogEstablished = false
    /// Whether we unsubscribed.
    public private(set) var unsubscribing = false

    private var running: Set<Timer> = []

    /// Creates a subscriber for `event`, asking for `expires` seconds.
    public init(event: SIPEvent, expires: Int = 3600, accept: [SIPMediaType] = [], t1: Duration = .milliseconds(500)) {
        self.event = event
        self.accept = accept
        self.t1 = t1
        requestedExpires = max(0, expires)
    }

    /// The moment to refresh a subscription granted for `seconds`: one minute before it ends, but no sooner than
    /// halfway (RFC 6665 §4.1.2.2 leaves the margin to the subscriber).
    public static func refreshDelay(forExpires seconds: Int) -> Duration {
        .seconds(max(seconds / 2, seconds - 60))
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .start:
            guard state == .initial else { return [] }
            state = .notifyWait
            return [.sendInitialSubscribe(headers: subscribeHeaders(expires: requestedExpires))] + start(.timerN, t1 * 64)
        case .responseReceived(let response):
            return receive(response)
        case .requestTimedOut:
            switch state {
            case .notifyWait: return terminate() + [.report(.rejected(statusCode: 408))]
            case .initial, .pending, .active, .terminated: return []
            }
        case .notifyReceived(let notify):
            return receiveNotify(notify)
        case .unsubscribe:
            switch state {
            case .terminated:
                return []
            case .initial, .notifyWait, .pending, .active:
                guard !unsubscribing else { return [] }
                unsubscribing = true
                // No dialog to send it in yet: drop the subscription; a late NOTIFY gets 481.
                guard dialogEstablished else { return terminate() }
                return cancel([.refresh, .expiration]) + [.sendSubscribe(request(expires: 0))] + start(.timerN, t1 * 64)
            }
        case .timerFired(let timer):
            running.remove(timer)
            return fire(timer)
        }
    }

    // MARK: - Responses (§4.1.2.1, §4.1.2.2)

    private mutating func receive(_ response: SIPMessage) -> [Action] {
        guard let status = response.statusCode, status >= 200, state != .initial, state != .terminated else { return [] }
        switch status {
        case 200..<300:
            dialogEstablished = true
            guard !unsubscribing else { return [] }
            let granted = (try? response.headers.expires).flatMap { $0 } ?? requestedExpires
            guard granted > 0 else { return [] }
            return schedule(granted)
        case 423:
            guard let minimum = response.headers.decimalValue(.minExpires), minimum > UInt64(requestedExpires),
                  minimum <= UInt64(Int32.max) else {
                return failed(status)
            }
            requestedExpires = Int(minimum)
            if dialogEstablished { return [.sendSubscribe(request(expires: requestedExpires))] }
            return [.sendInitialSubscribe(headers: subscribeHeaders(expires: requestedExpires))]
        case 401, 407:
            // Challenges are answered by the driver, which resends the SUBSCRIBE with credentials.
            return []
        default:
            return failed(status)
        }
    }

    private mutating func failed(_ status: Int) -> [Action] {
        // RFC 6665 §4.1.2.2: only a 481 ends an established subscription; other failures leave it to its expiry.
        if status != 481, state == .active || state == .pending { return [] }
        if unsubscribing, status != 481 { return [] }
        return terminate() + [.report(.rejected(statusCode: status))]
    }

    // MARK: - NOTIFY (§4.1.3)

    private mutating func receiveNotify(_ notify: SIPMessage) -> [Action] {
        guard state != .initial, state != .terminated else { return [.respond(statusCode: 481, headers: [])] }
        let notifyEvent: SIPEvent?
        let subscriptionState: SIPSubscriptionState?
        do throws(SIPMessageError) {
            notifyEvent = try notify.headers.event
            subscriptionState = try notify.headers.subscriptionState
        } catch {
            return [.respond(statusCode: 400, headers: [])]
        }
        guard let notifyEvent, notifyEvent.package.lowercased() == event.package.lowercased() else {
            return [.respond(statusCode: 489, headers: [SIPHeaderField(.allowEvents, event.package)])]
        }
        guard notifyEvent.id == event.id else { return [.respond(statusCode: 481, headers: [])] }
        guard let subscriptionState else { return [.respond(statusCode: 400, headers: [])] }

        dialogEstablished = true
        let contentType = (try? notify.headers.contentType) ?? nil
        var actions: [Action] = [.respond(statusCode: 200, headers: [])]
        switch subscriptionState.state {
        case "terminated":
            actions += terminate()
            if !notify.body.isEmpty {
                actions.append(.report(.notified(subscriptionState, body: notify.body, contentType: contentType)))
            }
            actions.append(.report(.terminated(reason: subscriptionState.reason, retry: retry(after: subscriptionState))))
        default:
            // `active`, `pending`, and extension values, which are handled as `pending`.
            actions += cancel([.timerN])
            state = subscriptionState.state == "active" ? .active : .pending
            if let expires = subscriptionState.expires, !unsubscribing {
                actions += expires > 0 ? schedule(expires) : []
            }
            actions.append(.report(.notified(subscriptionState, body: notify.body, contentType: contentType)))
        }
        return actions
    }

    /// RFC 6665 §4.1.3: what each reason asks of the subscriber.
    private func retry(after state: SIPSubscriptionState) -> Retry {
        if unsubscribing { return .never }
        let reason = state.reason?.lowercased()
        switch reason {
        case "rejected", "noresource", "invariant": return .never
        default: break
        }
        if let seconds = state.retryAfter { return .after(.seconds(seconds)) }
        switch reason {
        case "probation", "giveup": return .later
        default: return .immediately
        }
    }

    // MARK: - Timers

    private mutating func fire(_ timer: Timer) -> [Action] {
        switch (timer, state) {
        case (_, .initial), (_, .terminated):
            return []
        case (.timerN, _):
            guard state == .notifyWait || unsubscribing else { return [] }
            return terminate() + [.report(.terminated(reason: nil, retry: unsubscribing ? .never : .later))]
        case (.refresh, _):
            guard dialogEstablished, !unsubscribing else { return [] }
            return [.sendSubscribe(request(expires: requestedExpires))]
        case (.expiration, _):
            return terminate() + [.report(.terminated(reason: nil, retry: .immediately))]
        }
    }

    // MARK: - Building

    private func subscribeHeaders(expires: Int) -> [SIPHeaderField] {
        var fields = [SIPHeaderField(.event, event.description), SIPHeaderField(.expires, String(expires))]
        if !accept.isEmpty {
            fields.append(SIPHeaderField(.accept, accept.map(\.description).joined(separator: ", ")))
        }
        return fields
    }

    private func request(expires: Int) -> DialogRequest {
        DialogRequest(.subscribe, headers: subscribeHeaders(expires: expires))
    }

    private mutating func schedule(_ expires: Int) -> [Action] {
        start(.refresh, Self.refreshDelay(forExpires: expires)) + start(.expiration, .seconds(expires))
    }

    private mutating func terminate() -> [Action] {
        state = .terminated
        return cancel([.timerN, .refresh, .expiration])
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
