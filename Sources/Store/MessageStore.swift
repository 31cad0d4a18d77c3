public import Foundation

/// The message repository: voice messages by mailbox, their folders, and the space they take.
///
/// Audio lives in files beside the database (see docs/voicemail.md); the store keeps where they are and their size,
/// so that quota checks read one number.
public protocol MessageStore: Sendable {
    /// Stores a new message; its mailbox must exist and its id must be new.
    func addMessage(_ message: VoiceMessage) async throws(StoreError)
    /// The messages of a mailbox (any of its numbers), every folder, in play order (urgent first, then newest).
    func messages(mailbox number: String) async throws(StoreError) -> [VoiceMessage]
    /// Moves a message to a folder (save, mark unheard, delete, undelete).
    func moveMessage(_ id: UUID, to folder: MessageFolder) async throws(StoreError)
    /// The bytes a mailbox's messages take, deleted ones included (they are still on disk).
    func mailboxUsage(mailbox number: String) async throws(StoreError) -> Int
    /// Changes a mailbox's own settings (greeting choice, key map, enrollment) without touching what an administrator
    /// set; the mailbox must exist.
    func updateMailboxSettings(extension number: String, _ settings: MailboxSettings) async throws(StoreError)
}

/// The settings a user changes from the phone.
public struct MailboxSettings: Sendable, Hashable {
    /// Whether the away greeting is on.
    public var awayGreetingOn: Bool
    /// The name of the key map the user's menus use.
    public var keyMap: String
    /// Whether the user has finished first-logon enrollment.
    public var enrolled: Bool

    /// Creates settings.
    public init(awayGreetingOn: Bool, keyMap: String, enrolled: Bool) {
        self.awayGreetingOn = awayGreetingOn
        self.keyMap = keyMap
        self.enrolled = enrolled
    }
}
