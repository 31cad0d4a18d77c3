/// A UM dial plan, as Exchange UM had it: the numbering of a group of users and how to talk to them.
public struct DialPlan: Sendable, Hashable, Codable {
    /// How users of the plan are addressed in SIP.
    public enum URIType: String, Sendable, Hashable, Codable {
        /// Digits of a PBX extension (`sip:4001@pbx`), the usual case behind an IP-PBX.
        case telephoneExtension
        /// SIP addresses (`sip:alice@example.com`).
        case sipURI
        /// E.164 numbers (`+12025550101`).
        case e164
    }

    /// In which order a name typed on the keypad is looked up.
    public enum NameLookupOrder: String, Sendable, Hashable, Codable {
        /// Last name, then first name ("Anderson Alice").
        case lastFirst
        /// First name, then last name ("Alice Anderson").
        case firstLast
    }

    /// The plan's unique name.
    public var name: String
    /// How many digits an extension has.
    public var extensionDigits: Int
    /// How users are addressed.
    public var uriType: URIType
    /// The subscriber-access (pilot) numbers: calls to them log users on, or reach call answering when diverted.
    public var pilotNumbers: [String]
    /// The language of prompts, such as `en-US`.
    public var language: String
    /// A recorded welcome greeting that replaces the spoken one, if the administrator made one.
    public var welcomeGreeting: String?
    /// The order for directory search by name.
    public var nameLookupOrder: NameLookupOrder
    /// Numbers users may reach from the phone (Play on Phone, transfers), in-country and international.
    public var dialingRules: DialingRules

    /// Creates a dial plan.
    public init(
        name: String, extensionDigits: Int, uriType: URIType = .telephoneExtension, pilotNumbers: [String],
        language: String = "en-US", welcomeGreeting: String? = nil, nameLookupOrder: NameLookupOrder = .lastFirst,
        dialingRules: DialingRules = DialingRules()
    ) {
        self.name = name
        self.extensionDigits = extensionDigits
        self.uriType = uriType
        self.pilotNumbers = pilotNumbers
        self.language = language
        self.welcomeGreeting = welcomeGreeting
        self.nameLookupOrder = nameLookupOrder
        self.dialingRules = dialingRules
    }

    /// Whether `number` is a well-formed extension of this plan.
    public func isExtension(_ number: String) -> Bool {
        number.count == extensionDigits && number.allSatisfy(\.isASCIIDigit)
    }
}

/// Which numbers users may have Herald dial for them, as groups of number patterns (`x` is any digit).
public struct DialingRules: Sendable, Hashable, Codable {
    /// In-country patterns, such as `9xxxxxxxxxx` (dial 9, then a national number).
    public var inCountry: [String]
    /// International patterns, such as `9011x*` (a trailing `*` is any number of further digits).
    public var international: [String]

    /// Creates dialing rules; none by default, so Herald dials only extensions.
    public init(inCountry: [String] = [], international: [String] = []) {
        self.inCountry = inCountry
        self.international = international
    }
}

extension Character {
    /// Whether the character is `0`–`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
