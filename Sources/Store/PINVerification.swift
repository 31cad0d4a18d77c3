/// What a PIN check at logon found; the logon script says the matching prompt.
public enum PINVerification: Sendable, Hashable {
    /// The PIN is right; `mustChange` when an administrator set it or it is older than the policy's lifetime.
    case accepted(mustChange: Bool)
    /// The PIN is wrong. `wasReset` when this failure reached the policy's reset count and the PIN was cleared.
    case wrong(failuresInARow: Int, wasReset: Bool)
    /// The mailbox is locked until an administrator unlocks it; no PIN is checked.
    case locked
    /// The mailbox has no PIN (never set, or reset after failures): the administrator must set one.
    case noPIN
}
