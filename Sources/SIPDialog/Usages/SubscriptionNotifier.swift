public import SIPMessage

/// The notifier side of one SIP-events subscription (RFC 6665 §4.2), such as message waiting (`message-summary`,
/// RFC 3842).
///
/// The driver passes each initial SUBSCRIBE to `evaluate(_:policy:)`: unknown packages get 489 with Allow-Events,
/// too-short intervals 423 with Min-Expires, unacceptable Accept 406, malformed requests 400. An accepted one yields the
/// machine; the driver creates the dialog (`Dialog(uasFor:localTag:)`) and feeds `.start` with the resource's current
/// state, which gives the 200 (with Expires) and the immediate NOTIFY (§4.2.1.1). Later it feeds state changes,
/// in-dialog SUBSCRIBEs (refresh, unsubscribe), NOTIFY outcomes and the expiration timer.
///
/// | state      | event                               | actions                                                     | next       |
/// |------------|-------------------------------------|-------------------------------------------------------------|------------|
/// | active     | start                               | 200 Expires: N; NOTIFY active;expires=N; start expiration N  | active     |
/// | active     | start with Expires 0 (a fetch)      | 200 Expires: 0; NOTIFY terminated;reason=timeout             | terminated |
/// | active     | SUBSCRIBE refresh                   | 200 Expires: N; NOTIFY active;expires=N; restart expiration (§4.2.1.2) | active |
/// | active     | SUBSCRIBE below the minimum         | 423 Min-Expires (subscription unchanged)                     | active     |
/// | active     | SUBSCRIBE Expires: 0                | 200 Expires: 0; NOTIFY terminated;reason=timeout (§4.2.1.4)   | terminated |
/// | active     | state changed                       | NOTIFY active with the new body                              | active     |
/// | active     | terminate(reason)                   | NOTIFY terminated;reason=…                                   | terminated |
/// | active     | expiration                          | NOTIFY terminated;reason=timeout (§4.2.2)                    | terminated |
/// | active     | NOTIFY answered 481 / ≥300 / timed out | cancel expiration (§4.2.2)                                | terminated |
/// | terminated | SUBSCRIBE                           | 481                                                          | terminated |
public struct SubscriptionNotifier: Sendable, Equatable {
    /// What a notifier serves (RFC 6665 §4.2.1.1, §7).
    public struct Policy: Sendable, Equatable {
        /// One event package the notifier serves.
        public struct Package: Sendable, Equatable {
            /// The package name, e.g. `message-summary`.
            public var name: String
            /// The duration granted when a SUBSCRIBE has no Expires (the package's default, RFC 6665 §7.2).
            public var defaultExpires: Int
            /// The body types the package's NOTIFYs can carry, for the Accept check; empty to skip it.
            public var contentTypes: [SIPMediaType]

            /// Creates a package description.
            public init(name: String, defaultExpires: Int, contentTypes: [SIPMediaType] = []) {
                self.name = name
                self.defaultExpires = defaultExpires
                self.contentTypes = contentTypes
            }

            /// Message waiting (RFC 3842 §4): `application/simple-message-summary`, one hour by default.
            public static let messageSummary = Package(name: "message-summary", defaultExpires: 3600, contentTypes: [.messageSummary])
        }

        /// The packages served.
        public var packages: [Package]
        /// The shortest subscription accepted, in seconds; shorter non-zero requests get 423 (RFC 6665 §4.2.1.1).
        public var minimumExpires: Int
        /// The longest subscription granted; longer requests are shortened to it (RFC 6665 §4.2.1.1).
        public var maximumExpires: Int

        /// Creates a policy.
        public init(packages: [Package], minimumExpires: Int = 60, maximumExpires: Int = 86_400) {
            self.packages = packages
            self.minimumExpires = max(1, minimumExpires)
            self.maximumExpires = max(self.minimumExpires, maximumExpires)
        }

        /// The package of this name, if served (names compare case-insensitively).
        public func package(named name: String) -> Package? {
            packages.first { $0.name.lowercased() == name.lowercased() }
        }

        /// The duration to grant for a requested `Expires` (nil when absent), or nil when it is too brief.
        func grant(_ requested: Int?, package: Package) -> Int? {
            guard let requested else { return min(package.defaultExpires, maximumExpires) }
            if requested == 0 { return 0 }
            if requested < minimumExpires { return nil }
            return min(requested, maximumExpires)
        }
    }

    /// The answer to an initial SUBSCRIBE.
    public enum Evaluation: Sendable, Equatable {
        /// Answer with this status and fields (489 + Allow-Events, 423 + Min-Expires, 406, 400); no subscription.
        case reject(statusCode: Int, headers: [SIPHeaderField])
        /// Accept: feed `.start` to this machine once the dialog exists.
        case accept(SubscriptionNotifier)
    }

    /// The notifier's view of the subscription (the Subscription-State values it sends, RFC 6665 §4.1.3).
    public enum State: Sendable, Equatable {
        /// NOTIFYs are sent on every change.
        case active
        /// Over; the driver may drop the machine (and, when nothing else uses it, the dialog).
        case terminated
    }

    /// The timers the driver runs for this machine.
    public enum Timer: Sendable, Hashable {
        /// The granted duration ran out without a refresh (RFC 6665 §4.2.2).
        case subscriptionExpiration
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// The dialog exists: answer the initial SUBSCRIBE and send the first NOTIFY with the resource's current state.
        case start(body: [UInt8], contentType: SIPMediaType?)
        /// A SUBSCRIBE in the subscription's dialog: a refresh or, with Expires 0, an unsubscribe.
        case subscribeReceived(SIPMessage)
        /// The resource changed: notify its new state.
        case stateChanged(body: [UInt8], contentType: SIPMediaType?)
        /// We end the subscription (RFC 6665 §4.1.3 reasons: `noresource`, `deactivated`, `rejected`, `giveup` …).
        case terminate(reason: String, retryAfter: Int? = nil)
        /// The final response to one of our NOTIFYs.
        case notifyResponseReceived(statusCode: Int)
        /// One of our NOTIFY transactions timed out.
        case notifyTimedOut
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Answer the SUBSCRIBE being processed with this status and extra fields.
        case respond(statusCode: Int, headers: [SIPHeaderField])
        /// Send this NOTIFY in the subscription's dialog (build it with `DialogRequest.make`).
        case sendNotify(DialogRequest)
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// The subscription's Event: package and `id`, echoed in every NOTIFY (RFC 6665 §8.2.1).
    public let event: SIPEvent
    /// The policy it was accepted under.
    public let policy: Policy
    /// The duration granted by the last accepted SUBSCRIBE, in seconds.
    public private(set) var expires: Int
    /// The current state.
    public private(set) var state: State = .active
    /// The last body notified, sent again on refresh.
    public private(set) var body: [UInt8] = []
    /// Its type.
    public private(set) var contentType: SIPMediaType?

    private var started = false
    private var expirationRunning = false

    private init(event: SIPEvent, policy: Policy, expires: Int) {
        self.event = event
        self.policy = policy
        self.expires = expires
    }

    /// Checks an initial SUBSCRIBE against the policy (RFC 6665 §4.2.1.1).
    public static func evaluate(_ subscribe: SIPMessage, policy: Policy) -> Evaluation {
        let event: SIPEvent?
        let requested: Int?
        do throws(SIPMessageError) {
            event = try subscribe.headers.event
            requested = try subscribe.headers.expires
        } catch {
            return .reject(statusCode: 400, headers: [])
        }
        guard let event else { return .reject(statusCode: 400, headers: []) }
        guard let package = policy.package(named: event.package) else {
            return .reject(statusCode: 489, headers: [SIPHeaderField(.allowEvents, policy.packages.map(\.name).joined(separator: ", "))])
        }
        if !package.contentTypes.isEmpty, let accepted = acceptedTypes(subscribe.headers),
           !package.contentTypes.contains(where: { type in accepted.contains { covers($0, type) } }) {
            return .reject(statusCode: 406, headers: [])
        }
        guard let granted = policy.grant(requested, package: package) else {
            return .reject(statusCode: 423, headers: [SIPHeaderField(.minExpires, String(policy.minimumExpires))])
        }
        return .accept(SubscriptionNotifier(event: event, policy: policy, expires: granted))
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .start(let body, let contentType):
            guard !started, state == .active else { return [] }
            started = true
            self.body = body
            self.contentType = contentType
            let response = Action.respond(statusCode: 200, headers: [SIPHeaderField(.expires, String(expires))])
            if expires == 0 {
                // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, and the subscription is over.
                state = .terminated
                return [response, .sendNotify(notify(terminatedBecause: "timeout", retryAfter: nil))]
            }
            return [response, .sendNotify(notify(activeFor: expires))] + startExpiration()
        case .subscribeReceived(let subscribe):
            return refresh(subscribe)
        case .stateChanged(let body, let contentType):
            guard started, state == .active else { return [] }
            self.body = body
            self.contentType = contentType
            return [.sendNotify(notify(activeFor: nil))]
        case .terminate(let reason, let retryAfter):
            guard state == .active else { return [] }
            let actions = terminate()
            return actions + [.sendNotify(notify(terminatedBecause: reason, retryAfter: retryAfter))]
        case .notifyResponseReceived(let statusCode):
            guard state == .active, statusCode >= 300, statusCode != 401, statusCode != 407 else { return [] }
            return terminate()
        case .notifyTimedOut:
            guard state == .active else { return [] }
            return terminate()
        case .timerFired(.subscriptionExpiration):
            expirationRunning = false
            guard state == .active else { return [] }
            state = .terminated
            return [.sendNotify(notify(terminatedBecause: "timeout", retryAfter: nil))]
        }
    }

    private mutating func refresh(_ subscribe: SIPMessage) -> [Action] {
        guard state == .active, started else { return [.respond(statusCode: 481, headers: [])] }
        let event: SIPEvent?
        let requested: Int?
        do throws(SIPMessageError) {
            event = try subscribe.headers.event
            requested = try subscribe.headers.expires
        } catch {
            return [.respond(statusCode: 400, headers: [])]
        }
        // RFC 6665 §4.2.1.2: the refresh names the same package and id; anything else is not this subscription.
        guard let event, event.package.lowercased() == self.event.package.lowercased(), event.id == self.event.id,
              let package = policy.package(named: event.package) else {
            return [.respond(statusCode: 481, headers: [])]
        }
        guard let granted = policy.grant(requested, package: package) else {
            return [.respond(statusCode: 423, headers: [SIPHeaderField(.minExpires, String(policy.minimumExpires))])]
        }
        expires = granted
        if granted == 0 {
            // Unsubscribe (RFC 6665 §4.2.1.4 via §4.1.2.3): a last NOTIFY with the state, terminated.
            return terminate() + [
                .respond(statusCode: 200, headers: [SIPHeaderField(.expires, "0")]),
                .sendNotify(notify(terminatedBecause: "timeout", retryAfter: nil)),
            ]
        }
        return [
            .respond(statusCode: 200, headers: [SIPHeaderField(.expires, String(granted))]),
            .sendNotify(notify(activeFor: granted)),
        ] + startExpiration()
    }

    /// A NOTIFY with the current body; `expires` only when exactly known (at start and refresh, RFC 6665 §4.2.2).
    private func notify(activeFor seconds: Int?) -> DialogRequest {
        var state = SIPSubscriptionState("active")
        if let seconds { state.parameters.append("expires", String(seconds)) }
        return notify(state)
    }

    private func notify(terminatedBecause reason: String, retryAfter: Int?) -> DialogRequest {
        var state = SIPSubscriptionState("terminated", parameters: SIPParameters([("reason", reason)]))
        if let retryAfter { state.parameters.append("retry-after", String(retryAfter)) }
        return notify(state)
    }

    private func notify(_ subscriptionState: SIPSubscriptionState) -> DialogRequest {
        DialogRequest(
            .notify,
            headers: [SIPHeaderField(.event, event.description), SIPHeaderField(.subscriptionState, subscriptionState.description)],
            body: body, contentType: body.isEmpty ? nil : contentType)
    }

    private mutating func startExpiration() -> [Action] {
        expirationRunning = true
        return [.startTimer(.subscriptionExpiration, .seconds(expires))]
    }

    private mutating func terminate() -> [Action] {
        state = .terminated
        guard expirationRunning else { return [] }
        expirationRunning = false
        return [.cancelTimer(.subscriptionExpiration)]
    }

    /// The media ranges of the Accept header(s) (RFC 3261 §20.1), or nil when there is none.
    private static func acceptedTypes(_ headers: SIPHeaders) -> [(type: String, subtype: String)]? {
        let fields = headers.all(.accept)
        guard !fields.isEmpty else { return nil }
        var ranges: [(type: String, subtype: String)] = []
        for field in fields {
            for element in field.unfoldedValue.split(separator: ",") {
                let range = element.prefix { $0 != ";" }.trimmingSpaces()
                let parts = range.split(separator: "/", maxSplits: 1)
                guard parts.count == 2 else { continue }
                ranges.append((parts[0].trimmingSpaces().lowercased(), parts[1].trimmingSpaces().lowercased()))
            }
        }
        // An empty Accept means no body is acceptable; RFC 3261 §20.1 treats it as nothing.
        return ranges
    }

    private static func covers(_ range: (type: String, subtype: String), _ type: SIPMediaType) -> Bool {
        (range.type == "*" || range.type == type.type) && (range.subtype == "*" || range.subtype == type.subtype)
    }
}
