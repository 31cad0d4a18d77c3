public import SIPMessage

/// The referee's side of a transfer (RFC 3515, RFC 4488, RFC 3891): a REFER we received, validated, and the implicit
/// `refer` subscription through which we report how the referenced request fares.
///
/// `init(refer:)` validates the REFER (exactly one Refer-To with a SIP, SIPS or tel URI, a well-formed embedded
/// Replaces and Referred-By); its error's `statusCode` is the rejection. The driver answers 202 with
/// `acceptanceHeaders`, feeds `.accepted`, starts the referenced request (`target`), and feeds `.progress` with each
/// response status it gets; every step becomes a NOTIFY (`Event: refer;id=<REFER CSeq>`, `message/sipfrag` body
/// `SIP/2.0 <status> <reason>`), the final one with `Subscription-State: terminated;reason=noresource`
/// (RFC 3515 §2.4.4–§2.4.7, RFC 6665 §4.2.2).
///
/// | state      | event                                  | actions                                                  | next       |
/// |------------|----------------------------------------|----------------------------------------------------------|------------|
/// | active     | accepted (202 sent)                     | NOTIFY active;expires=D `100 Trying`; start expiration D | active     |
/// | active     | accepted, `Refer-Sub: false` honoured   | — (RFC 4488: no NOTIFYs)                                   | terminated |
/// | active     | progress 1xx                           | NOTIFY active with the status line                        | active     |
/// | active     | progress ≥ 200                         | cancel expiration; NOTIFY terminated;reason=noresource     | terminated |
/// | active     | SUBSCRIBE refresh                      | 200 + Expires; NOTIFY with the last status; restart expiration | active |
/// | active     | SUBSCRIBE Expires: 0, or expiration    | (200;) NOTIFY terminated;reason=timeout with the last status | terminated |
/// | active     | NOTIFY answered 481 / 408 / failed     | cancel expiration (the referenced request goes on, §2.4.4) | terminated |
/// | terminated | SUBSCRIBE                              | 481                                                        | terminated |
public struct ReferNotifier: Sendable, Equatable {
    /// The notifier's view of the subscription.
    public enum State: Sendable, Equatable {
        /// NOTIFYs are being sent.
        case active
        /// No more NOTIFYs: final status sent, subscription expired or ended, or never created (RFC 4488).
        case terminated
    }

    /// The timers the driver runs for this machine.
    public enum Timer: Sendable, Hashable {
        /// The subscription's duration ran out (RFC 6665 §4.2.2).
        case subscriptionExpiration
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// We sent the 202 for the REFER: the subscription starts with `SIP/2.0 100 Trying` (RFC 3515 §2.4.4).
        case accepted
        /// The referenced request got a response (or failed locally: use 503, or 603 when approval was denied,
        /// RFC 3515 §2.4.5). A final status ends the subscription.
        case progress(statusCode: Int, reasonPhrase: String? = nil)
        /// A SUBSCRIBE for the `refer` event in the REFER's dialog: a refresh or, with Expires 0, an unsubscribe.
        case subscribeReceived(SIPMessage)
        /// The final response to one of our NOTIFYs.
        case notifyResponseReceived(statusCode: Int)
        /// One of our NOTIFY transactions timed out.
        case notifyTimedOut
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Send this NOTIFY in the REFER's dialog (build it with `DialogRequest.make`).
        case sendNotify(DialogRequest)
        /// Answer a SUBSCRIBE with this status and extra fields.
        case respond(statusCode: Int, headers: [SIPHeaderField])
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// The status the driver answers an acceptable REFER with (RFC 3515 §2.4.2).
    public static let acceptStatusCode = 202

    /// Where to send the referenced request, its method and the dialog it replaces.
    public let target: ReferTarget
    /// The referrer's identity from Referred-By (RFC 3892), to copy into the referenced request.
    public let referredBy: NameAddress?
    /// The CSeq number of the REFER: the `id` of the `refer` event (RFC 3515 §2.4.6).
    public let referSequence: UInt32
    /// Whether the referrer asked for no NOTIFYs with `Refer-Sub: false`, which we honour (RFC 4488 §4).
    public let subscriptionSuppressed: Bool
    /// How long the subscription lasts, in seconds, unless refreshed.
    public let subscriptionDuration: Int
    /// The current state.
    public private(set) var state: State = .active
    /// The last status reported (100 until the referenced request answers).
    public private(set) var lastStatus: Int = 100
    /// Its reason phrase.
    public private(set) var lastReasonPhrase: String = SIPStatus.reasonPhrase(for: 100)

    private var expirationRunning = false

    /// Validates a received REFER (RFC 3515 §2.4.2): exactly one Refer-To naming a SIP, SIPS or tel URI, a parsable
    /// embedded Replaces (RFC 3891) and Referred-By. The error's `statusCode` is the response to send instead.
    public init(refer: SIPMessage, subscriptionDuration: Int = 60) throws(DialogUsageError) {
        target = try ReferTarget(referring: refer)
        do throws(SIPMessageError) {
            referredBy = try refer.headers.referredBy
            referSequence = try refer.headers.cseq.sequence
        } catch {
            throw DialogUsageError.malformed(error)
        }
        subscriptionSuppressed = refer.headers.refersWithoutSubscription
        self.subscriptionDuration = max(1, subscriptionDuration)
    }

    /// Extra fields for the 202: `Refer-Sub: false` when we honour the referrer's wish for no subscription
    /// (RFC 4488 §4 requires it in the 2xx).
    public var acceptanceHeaders: [SIPHeaderField] {
        subscriptionSuppressed ? [SIPHeaderField(.referSub, "false")] : []
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .accepted:
            guard state == .active else { return [] }
            if subscriptionSuppressed {
                state = .terminated
                return []
            }
            return [.sendNotify(notify(active: subscriptionDuration))] + startExpiration(subscriptionDuration)
        case .progress(let statusCode, let reasonPhrase):
            guard state == .active, (100...699).contains(statusCode) else { return [] }
            lastStatus = statusCode
            lastReasonPhrase = reasonPhrase ?? SIPStatus.reasonPhrase(for: statusCode)
            if statusCode < 200 { return [.sendNotify(notify(active: nil))] }
            return terminate() + [.sendNotify(notify(terminatedBecause: "noresource"))]
        case .subscribeReceived(let subscribe):
            return refresh(subscribe)
        case .notifyResponseReceived(let statusCode):
            // RFC 6665 §4.2.2: a failed NOTIFY ends the subscription; challenges are the driver's to answer.
            guard state == .active, statusCode >= 300, statusCode != 401, statusCode != 407 else { return [] }
            return terminate()
        case .notifyTimedOut:
            guard state == .active else { return [] }
            return terminate()
        case .timerFired(.subscriptionExpiration):
            expirationRunning = false
            guard state == .active else { return [] }
            state = .terminated
            return [.sendNotify(notify(terminatedBecause: "timeout"))]
        }
    }

    private mutating func refresh(_ subscribe: SIPMessage) -> [Action] {
        guard state == .active else { return [.respond(statusCode: 481, headers: [])] }
        let event: SIPEvent?
        let expires: Int?
        do throws(SIPMessageError) {
            event = try subscribe.headers.event
            expires = try subscribe.headers.expires
        } catch {
            return [.respond(statusCode: 400, headers: [])]
        }
        guard let event, event.package.lowercased() == "refer" else {
            return [.respond(statusCode: 489, headers: [SIPHeaderField(.allowEvents, "refer")])]
        }
        if let id = event.id, id != String(referSequence) { return [.respond(statusCode: 481, headers: [])] }
        let granted = expires ?? subscriptionDuration
        if granted == 0 {
            return terminate() + [
                .respond(statusCode: 200, headers: [SIPHeaderField(.expires, "0")]),
                .sendNotify(notify(terminatedBecause: "timeout")),
            ]
        }
        return [
            .respond(statusCode: 200, headers: [SIPHeaderField(.expires, String(granted))]),
            .sendNotify(notify(active: granted)),
        ] + startExpiration(granted)
    }

    /// A NOTIFY with the last status (RFC 3515 §2.4.5); `expires` only when it is known exactly (at start and refresh).
    private func notify(active expires: Int?) -> DialogRequest {
        var state = SIPSubscriptionState("active")
        if let expires { state.parameters.append("expires", String(expires)) }
        return notify(state)
    }

    private func notify(terminatedBecause reason: String) -> DialogRequest {
        notify(SIPSubscriptionState("terminated", parameters: SIPParameters([("reason", reason)])))
    }

    private func notify(_ subscriptionState: SIPSubscriptionState) -> DialogRequest {
        let event = SIPEvent("refer", parameters: SIPParameters([("id", String(referSequence))]))
        return DialogRequest(
            .notify,
            headers: [SIPHeaderField(.event, event.description), SIPHeaderField(.subscriptionState, subscriptionState.description)],
            body: SIPFragment(statusCode: lastStatus, reasonPhrase: lastReasonPhrase).bytes,
            contentType: .sipfrag)
    }

    private mutating func startExpiration(_ seconds: Int) -> [Action] {
        expirationRunning = true
        return [.startTimer(.subscriptionExpiration, .seconds(seconds))]
    }

    private mutating func terminate() -> [Action] {
        state = .terminated
        guard expirationRunning else { return [] }
        expirationRunning = false
        return [.cancelTimer(.subscriptionExpiration)]
    }
}
