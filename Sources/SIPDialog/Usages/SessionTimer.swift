public import SIPMessage

/// Session timers for one INVITE dialog (RFC 4028): negotiation of the session interval and the refresher as UAC
/// (§7) and UAS (§9), and the refresh and expiration rules of §10.
///
/// A pure value. The driver feeds what happens to the session's INVITE/UPDATE transactions and the timers it started;
/// the machine answers with actions. Refreshers are kept as `.local`/`.remote` because `uac`/`uas` in a
/// Session-Expires value name the roles of one transaction, not of the dialog (§7.4).
///
/// | state    | event                                 | actions                                                        | next     |
/// |----------|---------------------------------------|----------------------------------------------------------------|----------|
/// | any      | request received, Session-Expires < our minimum, peer supports `timer` | reject 422 + Min-SE (§9)          | same     |
/// | any      | request received, acceptable          | headers for the 2xx: Session-Expires;refresher, Require: timer (§9) | same |
/// | any      | 2xx sent to it                        | start timers for the negotiated interval                        | active   |
/// | any      | 2xx received to our INVITE/UPDATE     | learn interval and refresher (§7.2); start timers               | active¹  |
/// | any      | 422 received                          | retry with Session-Expires ≥ its Min-SE (§7.3)                  | same     |
/// | active   | 408 / 481 / timeout to a request of ours | BYE (§10)                                                    | expired  |
/// | active   | 405 / 501 to our UPDATE               | refresh again by re-INVITE                                      | active   |
/// | active, we refresh | `sessionRefresh` (interval/2) | refresh: UPDATE if the peer allows it, else re-INVITE (§10) | active |
/// | active   | Timer `sessionExpiration`             | BYE with a Reason (§10)                                         | expired  |
///
/// ¹ inactive when the 2xx has no Session-Expires and we do not refresh for a peer without timer support.
///
/// Timers: when we refresh, `sessionRefresh` runs for half the interval and `sessionExpiration` for the whole of it
/// (the refresh must succeed before the session expires, §10); when the peer refreshes, only `sessionExpiration`
/// runs, for interval − min(32 s, interval/3) (§10). Starting a timer that runs restarts it.
public struct SessionTimer: Sendable, Equatable {
    /// Who refreshes the session (RFC 4028 §4), from this side's point of view.
    public enum Refresher: Sendable, Equatable {
        /// We send the refreshes.
        case local
        /// The peer sends them.
        case remote
    }

    /// Local policy (RFC 4028 §5, §7.1, §9).
    public struct Configuration: Sendable, Equatable {
        /// Our smallest acceptable interval in seconds: sent in Min-SE and in 422 responses. RFC 4028 §5 forbids less
        /// than 90, so smaller values are raised to 90.
        public var minimumInterval: Int
        /// The interval we ask for in our requests, and the longest we grant as UAS (RFC 4028 §4 recommends 1800).
        public var preferredInterval: Int
        /// Who refreshes when a timer-capable peer leaves the choice to us as UAS (RFC 4028 §9, Table 2).
        public var preferredRefresher: Refresher
        /// Whether to run the timer ourselves, as refresher, when the peer does not support session timers
        /// (RFC 4028 §7.2 for the UAC, §9 for the UAS). Without it, such a session has no timer.
        public var refreshWhenPeerLacksSupport: Bool
        /// Whether to refresh with UPDATE when the peer's Allow lists it (RFC 4028 §10 recommends it: no offer needed);
        /// re-INVITE otherwise.
        public var preferUpdate: Bool

        /// Creates a configuration; `minimumInterval` is raised to 90 and `preferredInterval` to the minimum.
        public init(
            minimumInterval: Int = 90, preferredInterval: Int = 1800, preferredRefresher: Refresher = .remote,
            refreshWhenPeerLacksSupport: Bool = true, preferUpdate: Bool = true
        ) {
            self.minimumInterval = max(90, minimumInterval)
            self.preferredInterval = max(preferredInterval, max(90, minimumInterval))
            self.preferredRefresher = preferredRefresher
            self.refreshWhenPeerLacksSupport = refreshWhenPeerLacksSupport
            self.preferUpdate = preferUpdate
        }
    }

    /// The state of the session timer.
    public enum State: Sendable, Equatable {
        /// No timer runs: not negotiated yet, or the peers agreed on none (a 2xx without Session-Expires, §7.2).
        case inactive
        /// A timer runs: the session interval in seconds and who refreshes.
        case active(interval: Int, refresher: Refresher)
        /// The session expired or its refresh failed; a BYE was asked for. Final.
        case expired
    }

    /// The timers the driver runs for this machine (RFC 4028 §10).
    public enum Timer: Sendable, Hashable {
        /// When we refresh: fires at half the interval to send the refresh.
        case sessionRefresh
        /// Fires when the session is about to expire (or has expired) without a refresh: send BYE.
        case sessionExpiration
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// The peer sent an INVITE, re-INVITE or UPDATE: we are its UAS and must choose the interval (§9).
        case requestReceived(SIPMessage)
        /// We sent a 2xx to the last received request: the negotiated timer starts (§9, §10).
        case successResponseSent
        /// A final response to an INVITE, re-INVITE or UPDATE we sent with `requestHeaders()` (§7.2, §7.3, §10).
        case responseReceived(SIPMessage)
        /// Our INVITE/UPDATE transaction timed out (§10: treated as a 408).
        case requestTimedOut
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Answer the received request with this status (422 with Min-SE, §9; 400 for malformed timer headers)
        /// instead of a 2xx.
        case reject(statusCode: Int, headers: [SIPHeaderField])
        /// Add these fields (Session-Expires, Require: timer) to the 2xx for the received request (§9).
        case addToSuccessResponse([SIPHeaderField])
        /// Send the request again (new CSeq, same dialog or Call-ID) with these fields replacing our timer fields
        /// (after a 422, §7.3).
        case retryRequest(headers: [SIPHeaderField])
        /// Send a session refresh in the dialog with this method and these fields (§10). A re-INVITE carries the
        /// current SDP again with the same version (RFC 4028 §10, RFC 3264 §8).
        case sendRefresh(SIPMethod, headers: [SIPHeaderField])
        /// End the session: send BYE with these fields (a Reason) (§10).
        case sendBye(headers: [SIPHeaderField])
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// What a received request negotiated, to apply when the 2xx goes out.
    private enum Pending: Sendable, Equatable {
        /// No request is being answered.
        case nothing
        /// The 2xx starts this timer.
        case timer(interval: Int, refresher: Refresher)
        /// The 2xx carries no timer: the session has none.
        case noTimer
    }

    /// The current state.
    public private(set) var state: State = .inactive
    /// The local policy.
    public let configuration: Configuration
    /// The largest Min-SE learned from 422 responses and the peer's requests (§7.4); our requests carry it.
    public private(set) var minimumInterval: Int
    /// Whether the peer's Allow lists UPDATE (learned from its requests and 2xx responses).
    public private(set) var peerAllowsUpdate = false

    private var pending: Pending = .nothing
    private var requestedInterval: Int?
    private var running: Set<Timer> = []

    /// Creates the machine for a new INVITE dialog (or INVITE about to be sent).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        minimumInterval = configuration.minimumInterval
    }

    /// The session-timer fields for an INVITE, re-INVITE or UPDATE we send (RFC 4028 §7.1, §7.4): `Supported: timer`,
    /// `Session-Expires` (our preferred interval; once active, the current one with `refresher=uac` when we refresh and
    /// `uas` when the peer does) and `Min-SE`. Remembers the interval asked for, for a 2xx without Session-Expires.
    public mutating func requestHeaders() -> [SIPHeaderField] {
        let value: SIPSessionExpires
        switch state {
        case .active(let interval, let refresher):
            value = SIPSessionExpires(seconds: max(interval, minimumInterval), refresher: refresher == .local ? .uac : .uas)
        case .inactive, .expired:
            value = SIPSessionExpires(seconds: max(configuration.preferredInterval, minimumInterval))
        }
        requestedInterval = value.seconds
        return [
            SIPHeaderField(.supported, "timer"),
            SIPHeaderField(.sessionExpires, value.description),
            SIPHeaderField(.minSE, String(minimumInterval)),
        ]
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        if case .expired = state { return [] }
        switch event {
        case .requestReceived(let request): return negotiate(request)
        case .successResponseSent: return applyPending()
        case .responseReceived(let response): return receive(response)
        case .requestTimedOut:
            guard case .active = state else { return [] }
            return expire(cause: 408)
        case .timerFired(let timer): return fire(timer)
        }
    }

    // MARK: - UAS (§9)

    private mutating func negotiate(_ request: SIPMessage) -> [Action] {
        let headers = request.headers
        let peerSupports: Bool
        let sessionExpires: SIPSessionExpires?
        let requestMinimum: Int?
        do throws(SIPMessageError) {
            peerSupports = try headers.listsOptionTag("timer")
            sessionExpires = try headers.sessionExpires
            requestMinimum = try headers.minSE
        } catch {
            pending = .nothing
            return [.reject(statusCode: error.statusCode, headers: [])]
        }
        if let allows = headers.allows(.update) { peerAllowsUpdate = allows }
        if let requestMinimum { minimumInterval = max(minimumInterval, requestMinimum) }
        let floor = max(configuration.minimumInterval, requestMinimum ?? 0)

        let interval: Int
        let refresher: Refresher
        if let sessionExpires {
            if sessionExpires.seconds < configuration.minimumInterval, peerSupports {
                // §9: a timer-capable UAC can retry, so reject with our minimum.
                pending = .nothing
                return [.reject(statusCode: 422, headers: [SIPHeaderField(.minSE, String(floor))])]
            }
            // §9: the UAS may lower the interval but not below Min-SE, and must not raise it — except that a request
            // from a UAC without timer support cannot be retried, so a too-small interval is raised (errata 1687).
            interval = max(floor, min(sessionExpires.seconds, max(configuration.preferredInterval, floor)))
            if peerSupports {
                switch sessionExpires.refresher {
                case .some(.uac): refresher = .remote
                case .some(.uas): refresher = .local
                case .none: refresher = configuration.preferredRefresher
                }
            } else {
                refresher = .local
            }
        } else if peerSupports || configuration.refreshWhenPeerLacksSupport {
            // §9: with no Session-Expires the UAS may still ask for a timer in its 2xx; without peer support it must
            // refresh itself.
            interval = max(configuration.preferredInterval, floor)
            refresher = peerSupports ? configuration.preferredRefresher : .local
        } else {
            pending = .noTimer
            return []
        }

        pending = .timer(interval: interval, refresher: refresher)
        // Table 2 of §9: the refresher parameter is relative to this transaction, whose UAS we are.
        let granted = SIPSessionExpires(seconds: interval, refresher: refresher == .local ? .uas : .uac)
        var fields = [SIPHeaderField(.sessionExpires, granted.description)]
        if peerSupports { fields.append(SIPHeaderField(.require, "timer")) }
        return [.addToSuccessResponse(fields)]
    }

    private mutating func applyPending() -> [Action] {
        let applied = pending
        pending = .nothing
        switch applied {
        case .nothing: return []
        case .noTimer: return activate(nil)
        case .timer(let interval, let refresher): return activate((interval, refresher))
        }
    }

    // MARK: - UAC (§7)

    private mutating func receive(_ response: SIPMessage) -> [Action] {
        let method = (try? response.headers.cseq)?.method
        // Only INVITE and UPDATE carry session timers (§7); a BYE's or an INFO's response says nothing about them.
        guard let status = response.statusCode, status >= 200, method == nil || method == .invite || method == .update else {
            return []
        }
        switch status {
        case 200..<300:
            if let allows = response.headers.allows(.update) { peerAllowsUpdate = allows }
            let asked = requestedInterval
            requestedInterval = nil
            if let sessionExpires = (try? response.headers.sessionExpires) ?? nil {
                // §7.2: the refresher parameter is present; uac means us, the sender of this request.
                return activate((sessionExpires.seconds, sessionExpires.refresher == .uas ? .remote : .local))
            }
            // §7.2: no Session-Expires — the peer does not do timers. We may still refresh for our own benefit.
            if let asked, configuration.refreshWhenPeerLacksSupport { return activate((asked, .local)) }
            return activate(nil)
        case 422:
            // §7.3: retry with Min-SE the largest seen and Session-Expires at least that.
            guard let required = (try? response.headers.minSE) ?? nil, required > (requestedInterval ?? 0) else { return [] }
            minimumInterval = max(minimumInterval, required)
            return [.retryRequest(headers: requestHeaders())]
        case 408, 481:
            guard case .active = state else { return [] }
            return expire(cause: status)
        case 405 where method == .update, 501 where method == .update:
            peerAllowsUpdate = false
            guard case .active(_, .local) = state else { return [] }
            return [.sendRefresh(.invite, headers: requestHeaders())]
        default:
            return []
        }
    }

    // MARK: - Timers (§10)

    private mutating func fire(_ timer: Timer) -> [Action] {
        running.remove(timer)
        switch (timer, state) {
        case (.sessionRefresh, .active(_, .local)):
            let method: SIPMethod = peerAllowsUpdate && configuration.preferUpdate ? .update : .invite
            return [.sendRefresh(method, headers: requestHeaders())]
        case (.sessionExpiration, .active):
            return expire(cause: nil)
        case (.sessionRefresh, _), (.sessionExpiration, _):
            return []
        }
    }

    private mutating func activate(_ timer: (interval: Int, refresher: Refresher)?) -> [Action] {
        guard let (interval, refresher) = timer else {
            state = .inactive
            return cancel([.sessionRefresh, .sessionExpiration])
        }
        state = .active(interval: interval, refresher: refresher)
        let whole = Duration.seconds(interval)
        switch refresher {
        case .local:
            return start(.sessionRefresh, whole / 2) + start(.sessionExpiration, whole)
        case .remote:
            return cancel([.sessionRefresh]) + start(.sessionExpiration, whole - min(.seconds(32), whole / 3))
        }
    }

    private mutating func expire(cause: Int?) -> [Action] {
        state = .expired
        let actions = cancel([.sessionRefresh, .sessionExpiration])
        let reason = cause.map { SIPReason(protocolName: "SIP", cause: $0, text: SIPStatus.reasonPhrase(for: $0)) }
            ?? SIPReason(protocolName: "SIP", cause: 408, text: "Session Timer Expired")
        return actions + [.sendBye(headers: [SIPHeaderField(.reason, reason.description)])]
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
