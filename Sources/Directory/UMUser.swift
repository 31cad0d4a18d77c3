/// A UM-enabled user and their mailbox settings.
public struct UMUser: Sendable, Hashable, Codable {
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// The name callers hear and see (synthesized when no name is recorded).
    public var displayName: String
    /// Where voicemail is delivered.
    public var email: String
    /// The email alias callers can spell in directory search (the part before `@` by default).
    public var alias: String
    /// The user's extensions; the first is the primary one. Further numbers (an E.164 DID) also reach the mailbox.
    public var extensions: [String]
    /// The dial plan the user belongs to.
    public var dialPlan: String
    /// The mailbox policy that applies.
    public var policy: String
    /// Prompt language, such as `en-US`.
    public var language: String
    /// Whether UM is enabled for the user: a disabled mailbox takes no messages.
    public var enabled: Bool
    /// Whether the away greeting is on (it overrides every other greeting).
    public var awayGreetingOn: Bool
    /// The key map of the user's phone menus (`exchange` or `cisco-unity`), so staff keep the keys they know.
    public var keyMap: String
    /// Whether the user has done first-logon enrollment (new PIN, recorded name, greeting).
    public var enrolled: Bool

    /// Creates a user.
    public init(
        firstName: String, lastName: String, displayName: String? = nil, email: String, alias: String? = nil,
        extensions: [String], dialPlan: String, policy: String = MailboxPolicy.default.name, language: String = "en-US",
        enabled: Bool = true, awayGreetingOn: Bool = false, keyMap: String = UMUser.defaultKeyMap, enrolled: Bool = false
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.displayName = displayName ?? "\(firstName) \(lastName)"
        self.email = email
        self.alias = alias ?? String(email.prefix { $0 != "@" })
        self.extensions = extensions
        self.dialPlan = dialPlan
        self.policy = policy
        self.language = language
        self.enabled = enabled
        self.awayGreetingOn = awayGreetingOn
        self.keyMap = keyMap
        self.enrolled = enrolled
    }

    /// The key map a mailbox gets unless the user or an administrator picks another.
    public static let defaultKeyMap = "exchange"


    /// The primary extension.
    public var primaryExtension: String { extensions.first ?? "" }

    /// Which greeting a diverted caller hears: away overrides all, else what the PBX profile maps the reason to.
    public func greeting(for reason: RedirectReason, profile: PBXProfile) -> GreetingKind {
        awayGreetingOn ? .away : profile.greeting(for: reason)
    }
}
