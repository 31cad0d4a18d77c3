public import Directory

/// Why a store operation was refused; each case reads as what an administrator is told.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A dial plan of that name exists already.
    case duplicateDialPlan(String)
    /// No dial plan has that name.
    case unknownDialPlan(String)
    /// A gateway of that name exists already.
    case duplicateGateway(String)
    /// No gateway has that name.
    case unknownGateway(String)
    /// An auto attendant of that name exists already, or one of its numbers is taken.
    case duplicateAutoAttendant(String)
    /// The number already reaches another mailbox, named by its owner's primary extension.
    case duplicateExtension(String, owner: String)
    /// The primary extension does not have the digit count of its dial plan.
    case wrongDigitCount(String, expected: Int)
    /// No mailbox has that extension.
    case unknownMailbox(String)
    /// No message has that id.
    case unknownMessage(String)
    /// A message with that id exists already.
    case duplicateMessage(String)
    /// The PIN breaks the mailbox policy.
    case weakPIN(PINProblem)
    /// The storage failed (I/O, corruption, a constraint the checks above did not catch); the text is for logs.
    case storage(String)

    /// The reason, for admin tools and the REST API.
    public var description: String {
        switch self {
        case .duplicateDialPlan(let name): "a dial plan named \(name) exists already"
        case .unknownDialPlan(let name): "there is no dial plan named \(name)"
        case .duplicateGateway(let name): "a gateway named \(name) exists already"
        case .unknownGateway(let name): "there is no gateway named \(name)"
        case .duplicateAutoAttendant(let name): "an auto attendant named \(name), or with one of its numbers, exists already"
        case .duplicateExtension(let number, let owner): "\(number) already reaches the mailbox of extension \(owner)"
        case .wrongDigitCount(let number, let expected): "extension \(number) should have \(expected) digits"
        case .unknownMailbox(let number): "no mailbox has extension \(number)"
        case .unknownMessage(let id): "there is no message \(id)"
        case .duplicateMessage(let id): "a message \(id) exists already"
        case .weakPIN(let problem): "the PIN was refused: \(problem)"
        case .storage(let detail): "the store failed: \(detail)"
        }
    }
}
