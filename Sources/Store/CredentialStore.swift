public import Foundation

/// The PIN repository: PINs as salted slow hashes (`PINHasher`), their history, failures and lockout.
///
/// A PIN is never logged, returned or stored in clear. Time comes from the caller (`now`), so that lifetime
/// expiry is tested without waiting.
public protocol CredentialStore: Sendable {
    /// Sets a PIN after checking the user's mailbox policy (length, weak patterns, history of the last N PIN hashes);
    /// `byAdministrator` PINs must be changed at next logon. Failures in a row and a lockout are kept.
    func setPIN(_ pin: String, extension number: String, byAdministrator: Bool, now: Date) async throws(StoreError)
    /// Checks a PIN at logon: counts failures in a row; at policy.failuresBeforeReset the PIN is reset (cleared →
    /// `.wrong(wasReset: true)`, user must get a new one); at failuresBeforeLockout the mailbox locks (`.locked`) until
    /// `unlock`; success resets the count; mustChange when set by an administrator or older than pinLifetimeDays.
    /// The reset happens once, at exactly failuresBeforeReset; failures after the administrator's new PIN count on
    /// towards the lockout. A locked mailbox checks no PIN. A disabled mailbox is `unknownMailbox`: it takes no logons.
    func verifyPIN(_ pin: String, extension number: String, now: Date) async throws(StoreError) -> PINVerification
    /// Unlocks a locked mailbox and clears its failure count (the PIN is kept).
    func unlock(extension number: String) async throws(StoreError)
}

/// A store that holds the directory, the credentials and the messages, as every driver does.
public typealias HeraldStore = DirectoryStore & CredentialStore & MessageStore
