/// Why a proposed PIN is refused; each case reads as what the user is told.
public enum PINProblem: Sendable, Hashable, CustomStringConvertible {
    /// Not only digits.
    case notDigits
    /// Shorter than the policy's minimum.
    case tooShort(minimum: Int)
    /// One digit repeated, such as `111111`.
    case repeatedDigit
    /// Digits in a run up or down, such as `123456` or `987654`.
    case sequential
    /// The user's own extension, forwards or backwards.
    case extensionNumber
    /// One of the last PINs the policy remembers.
    case recentlyUsed(history: Int)

    /// The reason, for admin tools and prompts.
    public var description: String {
        switch self {
        case .notDigits: "a PIN has only digits"
        case .tooShort(let minimum): "a PIN has at least \(minimum) digits"
        case .repeatedDigit: "a PIN may not repeat one digit"
        case .sequential: "a PIN may not be digits in sequence"
        case .extensionNumber: "a PIN may not be the extension number"
        case .recentlyUsed(let history): "a PIN may not be one of the last \(history) PINs"
        }
    }
}

extension MailboxPolicy {
    /// Checks a proposed PIN against the policy. `isRecent` says whether it matches one of the user's
    /// previous PINs (they are stored only as hashes, so the caller compares).
    public func problem(withPIN pin: String, extensions: [String], isRecent: Bool) -> PINProblem? {
        guard !pin.isEmpty, pin.allSatisfy(\.isASCIIDigit) else { return .notDigits }
        guard pin.count >= pinMinimumLength else { return .tooShort(minimum: pinMinimumLength) }
        if refuseWeakPINs {
            let digits = pin.compactMap(\.wholeNumberValue)
            if Set(digits).count == 1 { return .repeatedDigit }
            let steps = zip(digits.dropFirst(), digits).map { ($0 - $1 + 10) % 10 }
            if steps.allSatisfy({ $0 == 1 }) || steps.allSatisfy({ $0 == 9 }) { return .sequential }
            if extensions.contains(where: { !$0.isEmpty && (pin.contains($0) || pin.contains(String($0.reversed()))) }) {
                return .extensionNumber
            }
        }
        if isRecent && pinHistory > 0 { return .recentlyUsed(history: pinHistory) }
        return nil
    }
}
