package import Directory
package import Foundation

/// One mailbox's credential state and the rules that change it, shared by every driver so that they agree exactly.
///
/// Drivers load the record, compute hashes outside any lock (PBKDF2 is slow on purpose), then apply the pure
/// transitions below and save the record, checking it did not change meanwhile.
package struct PINRecord: Sendable, Hashable, Codable {
    /// The current PIN's encoded hash; `nil` when none was set or it was reset after failures.
    package var hash: String?
    /// The hashes of the last PINs, newest first, the current one included; as long as the policy's `pinHistory`.
    package var history: [String]
    /// When the current PIN was set.
    package var setAt: Date?
    /// Whether the user must change the PIN at next logon (it was set by an administrator).
    package var mustChange: Bool
    /// Failed logons since the last success or unlock.
    package var failuresInARow: Int
    /// Whether the mailbox is locked until an administrator unlocks it.
    package var locked: Bool

    /// A mailbox that never had a PIN.
    package init(
        hash: String? = nil, history: [String] = [], setAt: Date? = nil, mustChange: Bool = false, failuresInARow: Int = 0,
        locked: Bool = false
    ) {
        self.hash = hash
        self.history = history
        self.setAt = setAt
        self.mustChange = mustChange
        self.failuresInARow = failuresInARow
        self.locked = locked
    }

    /// Whether the PIN is one of the last ones the policy remembers (slow: one PBKDF2 per remembered PIN).
    package func isRecent(_ pin: String, policy: MailboxPolicy, hasher: PINHasher) -> Bool {
        history.prefix(max(policy.pinHistory, 0)).contains { hasher.verify(pin, against: $0) }
    }

    /// Installs a new PIN hash (already checked against the policy). Failures in a row and a lockout stay, so that
    /// an administrator handing out PINs does not reopen the path to guessing.
    package mutating func install(hash newHash: String, policy: MailboxPolicy, byAdministrator: Bool, now: Date) {
        hash = newHash
        history = Array(([newHash] + history).prefix(max(policy.pinHistory, 1)))
        setAt = now
        mustChange = byAdministrator
    }

    /// Records a logon attempt; `matches` is whether the PIN matched `hash` (ignored when locked or without a PIN).
    package mutating func recordAttempt(matches: Bool, policy: MailboxPolicy, now: Date) -> PINVerification {
        if locked { return .locked }
        guard hash != nil else { return .noPIN }
        if matches {
            failuresInARow = 0
            return .accepted(mustChange: mustChange || isExpired(policy: policy, now: now))
        }
        failuresInARow += 1
        if failuresInARow >= policy.failuresBeforeLockout {
            locked = true
            return .locked
        }
        if failuresInARow == policy.failuresBeforeReset {
            hash = nil
            mustChange = false
            return .wrong(failuresInARow: failuresInARow, wasReset: true)
        }
        return .wrong(failuresInARow: failuresInARow, wasReset: false)
    }

    /// Unlocks and forgets the failures.
    package mutating func unlock() {
        locked = false
        failuresInARow = 0
    }

    /// Whether the PIN is older than the policy's lifetime.
    func isExpired(policy: MailboxPolicy, now: Date) -> Bool {
        guard let days = policy.pinLifetimeDays, let setAt else { return false }
        return now.timeIntervalSince(setAt) >= Double(days) * 86_400
    }
}
