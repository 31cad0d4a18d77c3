/// How a PBX family tells Herald about diverted calls and what it cannot parse: the knowledge an integrator
/// otherwise keeps in their head, chosen per gateway.
public struct PBXProfile: Sendable, Hashable, Codable {
    /// Which header names the diverting party.
    public enum DiversionSource: String, Sendable, Hashable, Codable {
        /// `Diversion` (RFC 5806), falling back to `History-Info` when absent.
        case diversion
        /// `History-Info` (RFC 7044), falling back to `Diversion` when absent.
        case historyInfo
    }

    /// Which redirection of a chain names the mailbox.
    public enum DiversionEntry: String, Sendable, Hashable, Codable {
        /// The most recent: the phone that forwarded the call to Herald (the usual meaning).
        case mostRecent
        /// The original called party, for PBXs whose users forward to each other before voicemail.
        case original
    }

    /// What a PBX cannot cope with in Herald's requests.
    public enum Quirk: String, Sendable, Hashable, Codable, CaseIterable {
        /// Never put `maddr` in a Contact: the CS 1000 cannot parse it.
        case noMaddrInContact
        /// Send telephone numbers with `user=phone`, which some PBXs need to route them.
        case userPhoneParameter
        /// Do not offer `100rel`: the PBX mishandles reliable provisional responses.
        case no100rel
    }

    /// The G.711 law the PBX's trunks use, preferred when the caller offers both.
    public enum CompandingLaw: String, Sendable, Hashable, Codable {
        /// µ-law (North America, Japan).
        case muLaw
        /// A-law (Europe and most of the world).
        case aLaw
    }

    /// The preset's name, such as `nortel-cs1000`.
    public var name: String
    /// Where the diverting party is read from.
    public var diversionSource: DiversionSource
    /// Which entry of the chain wins.
    public var diversionEntry: DiversionEntry
    /// Which greeting each redirect reason plays (reasons not listed play the standard greeting).
    public var greetings: [RedirectReason: GreetingKind]
    /// The preferred G.711 law.
    public var companding: CompandingLaw
    /// The PBX's limitations.
    public var quirks: Set<Quirk>

    /// Creates a profile.
    public init(
        name: String, diversionSource: DiversionSource = .diversion, diversionEntry: DiversionEntry = .mostRecent,
        greetings: [RedirectReason: GreetingKind] = [.userBusy: .busy], companding: CompandingLaw = .muLaw,
        quirks: Set<Quirk> = []
    ) {
        self.name = name
        self.diversionSource = diversionSource
        self.diversionEntry = diversionEntry
        self.greetings = greetings
        self.companding = companding
        self.quirks = quirks
    }

    /// The greeting for a redirect reason (before the user's away greeting, which overrides all).
    public func greeting(for reason: RedirectReason) -> GreetingKind {
        greetings[reason] ?? .standard
    }
}

extension PBXProfile {
    /// Nortel/Avaya CS 1000 behind a SIP proxy/redirect server (the seed's setup): Diversion, no `maddr`.
    public static let nortelCS1000 = PBXProfile(
        name: "nortel-cs1000", diversionSource: .diversion, quirks: [.noMaddrInContact, .userPhoneParameter])
    /// Cisco Unified CM: Diversion headers.
    public static let ciscoCUCM = PBXProfile(name: "cisco-cucm", diversionSource: .diversion)
    /// Avaya Aura Communication Manager / Session Manager: History-Info.
    public static let avayaAura = PBXProfile(name: "avaya-aura", diversionSource: .historyInfo)
    /// Asterisk and FreeSWITCH: Diversion by default, History-Info when configured — both are read.
    public static let asteriskFreeSWITCH = PBXProfile(name: "asterisk-freeswitch", diversionSource: .diversion)
    /// A standards-following PBX or SBC (for example a Teams Direct Routing SBC): History-Info first.
    public static let genericRFC = PBXProfile(name: "generic-rfc", diversionSource: .historyInfo)

    /// The presets Herald ships, by name.
    public static let presets: [PBXProfile] = [.nortelCS1000, .ciscoCUCM, .avayaAura, .asteriskFreeSWITCH, .genericRFC]

    /// The preset of that name.
    public static func preset(named name: String) -> PBXProfile? {
        presets.first { $0.name == name.lowercased() }
    }
}
