/// An auto attendant: the numbers that reach it and what it says first (its menus come with the AA issue).
public struct AutoAttendant: Sendable, Hashable, Codable {
    /// A unique name.
    public var name: String
    /// The numbers that reach it, directly or in the diversion information.
    public var numbers: [String]
    /// The dial plan whose users it can transfer to.
    public var dialPlan: String
    /// A recorded greeting that replaces the spoken one.
    public var greeting: String?

    /// Creates an auto attendant.
    public init(name: String, numbers: [String], dialPlan: String, greeting: String? = nil) {
        self.name = name
        self.numbers = numbers
        self.dialPlan = dialPlan
        self.greeting = greeting
    }
}
