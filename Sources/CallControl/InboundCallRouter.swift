public import Directory
public import SIPMessage

/// Decides which flow answers an INVITE, as Exchange UM decided it: pilot → subscriber access; diverted from a
/// mailbox → call answering; diverted from the caller's own extension → voicemail button; an auto attendant's
/// number → the auto attendant; anything from a host that is not a gateway → 403.
///
/// Pure: the same INVITE, source and directory always give the same decision, which is what lets
/// `herald explain-call` show an integrator exactly what the server would do.
public struct InboundCallRouter: Sendable {
    /// The directory routed against.
    public var directory: DirectorySnapshot

    /// Creates a router.
    public init(directory: DirectorySnapshot) {
        self.directory = directory
    }

    /// Routes an INVITE that arrived from `sourceHost`.
    public func route(_ invite: SIPMessage, sourceHost: String) -> RoutingDecision {
        var lines: [String] = []
        let caller = callerIdentity(of: invite)
        guard let gateway = directory.gateway(sourceHost: sourceHost) else {
            lines.append("gateway: \(sourceHost) is not a configured UM IP gateway")
            return RoutingDecision(
                flow: .refused(status: 403, reason: "Forbidden (not a UM IP gateway)"), gateway: nil, caller: caller,
                explanation: lines + ["flow: refused with 403"])
        }
        lines.append("gateway: \(sourceHost) is \"\(gateway.name)\" (profile \(gateway.profile.name), dial plan \(gateway.dialPlan))")
        lines.append("caller: \(describe(caller))")

        guard let called = calledNumber(of: invite) else {
            lines.append("called number: none in the Request-URI or To")
            return RoutingDecision(flow: .refused(status: 404, reason: "Not Found"), gateway: gateway, caller: caller,
                                   explanation: lines + ["flow: refused with 404"])
        }
        let redirection = winningRedirection(of: invite, profile: gateway.profile, lines: &lines)

        if let attendant = directory.autoAttendant(number: called) {
            lines.append("called number: \(called) is auto attendant \"\(attendant.name)\"")
            return decision(.autoAttendant(attendant), gateway, caller, lines)
        }
        if let redirection, let number = redirection.party.telephoneNumber ?? redirection.party.user,
           let attendant = directory.autoAttendant(number: number) {
            lines.append("called number: \(called); the diversion names auto attendant \"\(attendant.name)\"")
            return decision(.autoAttendant(attendant), gateway, caller, lines)
        }

        if let plan = directory.dialPlan(pilot: called) {
            lines.append("called number: \(called) is the pilot of dial plan \"\(plan.name)\"")
            guard let redirection else {
                lines.append("no diversion: the caller logs on")
                return decision(.subscriberAccess(dialPlan: plan.name), gateway, caller, lines)
            }
            return answer(diverting: redirection, caller: caller, gateway: gateway, lines: lines)
        }
        if let user = directory.user(number: called), redirection == nil {
            // Some PBXs forward to the mailbox's own number on the UM trunk instead of the pilot.
            lines.append("called number: \(called) is the mailbox of \(user.displayName), reached without diversion")
            return mailbox(user, reason: .unknown, gateway: gateway, caller: caller, lines: lines)
        }
        if let redirection {
            lines.append("called number: \(called) is no pilot; the diversion decides")
            return answer(diverting: redirection, caller: caller, gateway: gateway, lines: lines)
        }
        lines.append("called number: \(called) is neither a pilot, an auto attendant nor a mailbox")
        return decision(.refused(status: 404, reason: "Not Found"), gateway, caller, lines + ["flow: refused with 404"])
    }

    private func answer(diverting redirection: SIPRedirection, caller: CallerIdentity, gateway: IPGateway, lines: [String]) -> RoutingDecision {
        var lines = lines
        let number = redirection.party.telephoneNumber ?? redirection.party.user ?? ""
        let reason = RedirectReason(redirection.reason)
        guard let user = directory.user(number: number) else {
            lines.append("mailbox: \(number) is not a UM-enabled extension")
            return decision(.mailboxUnavailable(number: number), gateway, caller, lines)
        }
        if let callerUser = caller.user, callerUser == user {
            lines.append("mailbox: \(number) is \(user.displayName), who is also the caller: the voicemail button")
            return decision(.voicemailButton(user: user), gateway, caller, lines)
        }
        return mailbox(user, reason: reason, gateway: gateway, caller: caller, lines: lines)
    }

    private func mailbox(_ user: UMUser, reason: RedirectReason, gateway: IPGateway, caller: CallerIdentity, lines: [String]) -> RoutingDecision {
        var lines = lines
        guard user.enabled else {
            lines.append("mailbox: \(user.primaryExtension) (\(user.displayName)) is disabled")
            return decision(.mailboxUnavailable(number: user.primaryExtension), gateway, caller, lines)
        }
        let greeting = user.greeting(for: reason, profile: gateway.profile)
        lines.append("mailbox: \(user.primaryExtension) (\(user.displayName)), reason \(reason.rawValue) → \(greeting.rawValue) greeting"
                     + (user.awayGreetingOn ? " (the away greeting is on)" : ""))
        return decision(.callAnswering(user: user, reason: reason, greeting: greeting), gateway, caller, lines)
    }

    private func decision(_ flow: RoutingDecision.Flow, _ gateway: IPGateway, _ caller: CallerIdentity, _ lines: [String]) -> RoutingDecision {
        RoutingDecision(flow: flow, gateway: gateway, caller: caller, explanation: lines + ["flow: \(flow.summary)"])
    }

    /// The called number: the Request-URI's user part (telephone-number form), else the To header's.
    func calledNumber(of invite: SIPMessage) -> String? {
        if let uri = invite.requestURI, let number = uri.telephoneNumber ?? uri.decodedUser { return number }
        guard let to = try? invite.headers.to else { return nil }
        return to.uri.telephoneNumber ?? to.uri.decodedUser
    }

    /// The redirection that names the mailbox, by the gateway's profile, with a line saying what was found.
    func winningRedirection(of invite: SIPMessage, profile: PBXProfile, lines: inout [String]) -> SIPRedirection? {
        let diversion = (try? invite.headers.redirectionsFromDiversion) ?? []
        let history = (try? invite.headers.redirectionsFromHistoryInfo) ?? []
        func list(_ chain: [SIPRedirection]) -> String {
            chain.isEmpty ? "none" : chain.map { "\($0.party.telephoneNumber ?? $0.party.user ?? "?") (\($0.reason))" }.joined(separator: " → ")
        }
        lines.append("diversion: Diversion \(list(diversion)); History-Info \(list(history)) (oldest first)")
        let preferred = profile.diversionSource == .diversion ? (diversion, "Diversion") : (history, "History-Info")
        let fallback = profile.diversionSource == .diversion ? (history, "History-Info") : (diversion, "Diversion")
        let (chain, name) = preferred.0.isEmpty ? fallback : preferred
        let winner = profile.diversionEntry == .mostRecent ? chain.last : chain.first
        if let winner {
            let entry = profile.diversionEntry == .mostRecent ? "most recent" : "original"
            lines.append("winner: \(winner.party.telephoneNumber ?? winner.party.user ?? "?") from \(name), the \(entry) entry (profile prefers \(profile.diversionSource.rawValue))")
        }
        return winner
    }

    /// Who is calling, from P-Asserted-Identity, Remote-Party-ID or From, honouring Privacy.
    func callerIdentity(of invite: SIPMessage) -> CallerIdentity {
        let asserted = (try? invite.headers.pAssertedIdentity)?.first ?? (try? invite.headers.remotePartyID)?.first
        let presented = asserted ?? (try? invite.headers.from)
        let privacy = Set(((try? invite.headers.privacy) ?? []).map { $0.lowercased() })
        let withheld = privacy.contains("id") || privacy.contains("user")
            || presented?.uri.decodedUser?.lowercased() == "anonymous"
        guard let presented, !withheld else { return CallerIdentity(number: nil, displayName: nil, user: nil, withheld: withheld) }
        let number = presented.uri.telephoneNumber ?? presented.uri.decodedUser
        return CallerIdentity(
            number: number, displayName: presented.displayName, user: number.flatMap { directory.user(number: $0) }, withheld: false)
    }

    private func describe(_ caller: CallerIdentity) -> String {
        if caller.withheld { return "withheld (Privacy)" }
        let number = caller.number ?? "unknown"
        if let user = caller.user { return "\(number), directory user \(user.displayName)" }
        return "\(number), not in the directory" + (caller.displayName.map { " (presented as \"\($0)\")" } ?? "")
    }
}

extension RedirectReason {
    /// The reason of a SIP diversion (RFC 5806 names; History-Info causes are mapped by SIPMessage).
    init(_ reason: SIPDiversion.Reason) {
        switch reason {
        case .noAnswer: self = .noAnswer
        case .userBusy: self = .userBusy
        case .unconditional: self = .unconditional
        case .deflection: self = .deflection
        case .unavailable, .outOfService, .away: self = .unavailable
        default: self = .unknown
        }
    }
}

extension RoutingDecision.Flow {
    /// One line naming the flow.
    public var summary: String {
        switch self {
        case .subscriberAccess(let plan): "subscriber access (dial plan \(plan)): welcome, extension, PIN"
        case .voicemailButton(let user): "voicemail button for \(user.primaryExtension) (\(user.displayName)): straight to the PIN"
        case .callAnswering(let user, let reason, let greeting):
            "call answering for \(user.primaryExtension) (\(user.displayName)), \(reason.rawValue), \(greeting.rawValue) greeting"
        case .autoAttendant(let attendant): "auto attendant \"\(attendant.name)\""
        case .mailboxUnavailable(let number): "mailbox \(number) is not available: apologise and hang up"
        case .refused(let status, let reason): "refused with \(status) \(reason)"
        }
    }
}
