/// Everything call routing needs to know, read at one moment: dial plans, gateways, auto attendants, users.
public struct DirectorySnapshot: Sendable, Hashable, Codable {
    /// The dial plans.
    public var dialPlans: [DialPlan]
    /// The UM IP gateways.
    public var gateways: [IPGateway]
    /// The auto attendants.
    public var autoAttendants: [AutoAttendant]
    /// The UM-enabled (and disabled) users.
    public var users: [UMUser]
    /// The mailbox policies.
    public var policies: [MailboxPolicy]

    /// Creates a snapshot.
    public init(
        dialPlans: [DialPlan], gateways: [IPGateway], autoAttendants: [AutoAttendant] = [], users: [UMUser],
        policies: [MailboxPolicy] = [.default]
    ) {
        self.dialPlans = dialPlans
        self.gateways = gateways
        self.autoAttendants = autoAttendants
        self.users = users
        self.policies = policies
    }

    /// The gateway a request came from, if it is one.
    public func gateway(sourceHost: String) -> IPGateway? {
        gateways.first { $0.matches(sourceHost: sourceHost) }
    }

    /// The dial plan of that name.
    public func dialPlan(named name: String) -> DialPlan? {
        dialPlans.first { $0.name == name }
    }

    /// The user with that number among their extensions (`+` and formatting ignored for E.164 numbers).
    public func user(number: String, dialPlan: String? = nil) -> UMUser? {
        let wanted = Self.normalized(number)
        return users.first { user in
            (dialPlan == nil || user.dialPlan == dialPlan) && user.extensions.contains { Self.normalized($0) == wanted }
        }
    }

    /// The auto attendant reached by that number.
    public func autoAttendant(number: String) -> AutoAttendant? {
        let wanted = Self.normalized(number)
        return autoAttendants.first { $0.numbers.contains { Self.normalized($0) == wanted } }
    }

    /// The dial plan whose pilot that number is.
    public func dialPlan(pilot number: String) -> DialPlan? {
        let wanted = Self.normalized(number)
        return dialPlans.first { $0.pilotNumbers.contains { Self.normalized($0) == wanted } }
    }

    /// The policy of a user.
    public func policy(for user: UMUser) -> MailboxPolicy {
        policies.first { $0.name == user.policy } ?? .default
    }

    /// A number without visual separators, so that `+1 (202) 555-0101` and `+12025550101` match.
    static func normalized(_ number: String) -> String {
        number.filter { $0.isASCIIDigit || $0 == "+" || $0 == "*" || $0 == "#" }
    }
}
