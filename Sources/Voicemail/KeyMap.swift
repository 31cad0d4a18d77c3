/// What a key does in a mailbox menu.
public enum MailboxAction: String, Sendable, Hashable, Codable, CaseIterable {
    // Main menu.
    /// Listen to new messages.
    case newMessages
    /// Listen to saved messages.
    case savedMessages
    /// Listen to deleted messages (to undelete them).
    case deletedMessages
    /// Personal options.
    case personalOptions
    /// Say the menu's choices again, with help.
    case help
    /// Say the menu again.
    case repeatMenu
    // A message.
    /// Play the message again from the start.
    case replay
    /// Back five seconds.
    case rewind
    /// Ahead five seconds.
    case fastForward
    /// Pause until a key.
    case pause
    /// The previous message.
    case previous
    /// The next message (the one heard becomes saved).
    case next
    /// Delete the message, or undelete a deleted one.
    case delete
    /// Save the message.
    case save
    /// Mark the message as new again.
    case markUnheard
    /// Forward the message to another mailbox with an introduction.
    case forward
    /// Back to the main menu.
    case mainMenu
    // Personal options.
    /// The greetings menu.
    case greetings
    /// Record the name callers hear.
    case recordName
    /// Change the PIN.
    case changePIN
    /// Use the other key map.
    case switchKeyMap
    /// Back one menu.
    case back
    // Greetings.
    /// Record the standard greeting.
    case recordStandardGreeting
    /// Record the greeting for callers who find the line busy.
    case recordBusyGreeting
    /// Record the away greeting.
    case recordAwayGreeting
    /// Turn the away greeting on or off.
    case toggleAwayGreeting
    /// Drop the recorded standard greeting: callers hear the system greeting.
    case useSystemGreeting
    // Reviewing a recording.
    /// Hear the recording.
    case listen
    /// Keep the recording.
    case keep
    /// Record again.
    case reRecord
    /// Send the message (a caller leaving one).
    case send
    /// Mark the message urgent (a caller leaving one).
    case markUrgent
}

/// The menus a key map has keys for.
public enum MenuContext: String, Sendable, Hashable, Codable, CaseIterable {
    /// After logon.
    case main
    /// While a message plays and after it.
    case message
    /// Personal options.
    case personalOptions
    /// Greetings.
    case greetings
    /// After the user recorded a greeting or name.
    case recordingReview
    /// After a caller recorded a message.
    case callerReview
}

/// Which key does what in each menu. Key maps are data: the options a menu speaks are its bindings in order, so a
/// user who switches maps hears the keys of the new one.
public struct KeyMap: Sendable, Hashable, Codable {
    /// One key of a menu.
    public struct Binding: Sendable, Hashable, Codable {
        /// The key: a digit, `*` or `#`.
        public var key: Character
        /// What it does.
        public var action: MailboxAction

        /// Binds a key.
        public init(_ key: Character, _ action: MailboxAction) {
            self.key = key
            self.action = action
        }

        enum CodingKeys: String, CodingKey { case key, action }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .key)
            guard text.count == 1, let key = text.first else {
                throw DecodingError.dataCorruptedError(forKey: .key, in: container, debugDescription: "a key is one character")
            }
            self.key = key
            action = try container.decode(MailboxAction.self, forKey: .action)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(String(key), forKey: .key)
            try container.encode(action, forKey: .action)
        }
    }

    /// The stable name users and administrators choose it by (`exchange`).
    public var name: String
    /// How prompts name it ("Exchange").
    public var spokenName: String
    /// The keys of each menu, in the order the menu says them.
    public var menus: [MenuContext: [Binding]]

    /// Creates a key map; `validate()` checks it.
    public init(name: String, spokenName: String, menus: [MenuContext: [Binding]]) {
        self.name = name
        self.spokenName = spokenName
        self.menus = menus
    }

    /// What `key` does in `context`, if anything.
    public func action(for key: Character, in context: MenuContext) -> MailboxAction? {
        menus[context]?.first { $0.key == key }?.action
    }

    /// The key of `action` in `context`, if it has one.
    public func key(for action: MailboxAction, in context: MenuContext) -> Character? {
        menus[context]?.first { $0.action == action }?.key
    }

    /// The actions each menu must offer.
    public static let requiredActions: [MenuContext: Set<MailboxAction>] = [
        .main: [.newMessages, .savedMessages, .deletedMessages, .personalOptions, .help],
        .message: [.replay, .rewind, .fastForward, .pause, .previous, .next, .delete, .save, .markUnheard, .forward, .mainMenu, .help],
        .personalOptions: [.greetings, .recordName, .changePIN, .switchKeyMap, .back, .help],
        .greetings: [.recordStandardGreeting, .recordBusyGreeting, .recordAwayGreeting, .toggleAwayGreeting, .useSystemGreeting, .back, .help],
        .recordingReview: [.listen, .keep, .reRecord, .back, .help],
        .callerReview: [.send, .listen, .reRecord, .markUrgent, .help],
    ]

    /// What is wrong with the map, if anything: every menu has its required actions, only its own actions, each
    /// once, on distinct keys from 0–9, `*` and `#`; the main menu leaves `#` free (`#0` is the voice/keypad switch).
    public func problems() -> [String] {
        var problems: [String] = []
        let keys = Set("0123456789*#")
        for context in MenuContext.allCases {
            let bindings = menus[context] ?? []
            let required = Self.requiredActions[context] ?? []
            let actions = bindings.map(\.action)
            for missing in required.subtracting(actions).sorted(by: { $0.rawValue < $1.rawValue }) {
                problems.append("\(context.rawValue): no key for \(missing.rawValue)")
            }
            let allowed = required.union([.repeatMenu])
            for extra in actions where !allowed.contains(extra) {
                problems.append("\(context.rawValue): \(extra.rawValue) does not belong in this menu")
            }
            if Set(actions).count != actions.count { problems.append("\(context.rawValue): an action has two keys") }
            if Set(bindings.map(\.key)).count != bindings.count { problems.append("\(context.rawValue): a key has two actions") }
            for binding in bindings where !keys.contains(binding.key) {
                problems.append("\(context.rawValue): \(binding.key) is not a telephone key")
            }
        }
        if menus[.main]?.contains(where: { $0.key == "#" }) == true {
            problems.append("main: # is reserved for the voice/keypad switch (#0)")
        }
        return problems
    }
}
