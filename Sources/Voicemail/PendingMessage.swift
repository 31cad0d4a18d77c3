import Foundation
public import Store

/// The journal of a message being left: written before the recording starts, so that a crash in the middle leaves
/// enough to commit the audio on the next start (`MessageRecovery`).
public struct PendingMessage: Sendable, Hashable, Codable {
    /// The message as it will be stored; its duration and size are filled in at commit.
    public var message: VoiceMessage

    /// A journal entry for `message`.
    public init(message: VoiceMessage) {
        self.message = message
    }

    /// The recording's path (absolute).
    func audioPath(_ files: MailboxFiles) -> String {
        files.incoming(of: message.mailbox).appending(path: "\(message.id.uuidString).wav").path
    }

    /// The journal's path (absolute).
    func journalPath(_ files: MailboxFiles) -> String {
        files.incoming(of: message.mailbox).appending(path: "\(message.id.uuidString).json").path
    }

    /// Writes the journal durably: a temporary file synced to disk, renamed over the old one, and the directory
    /// synced, so that a crash or a power cut leaves the old journal or the new one, never half of one or none.
    func writeJournal(_ files: MailboxFiles) throws {
        let directory = files.incoming(of: message.mailbox)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        try MailboxFiles.writeDurably(try encoder.encode(self), to: journalPath(files))
    }

    /// Reads a journal.
    static func read(_ path: String) throws -> PendingMessage {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(PendingMessage.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Drops the recording and its journal.
    func discard(_ files: MailboxFiles) {
        try? FileManager.default.removeItem(atPath: audioPath(files))
        try? FileManager.default.removeItem(atPath: journalPath(files))
    }

    /// Stores the message, then moves its audio into the mailbox, then drops the journal. A crash (or a store
    /// failure) at any point leaves the journal and the audio where recovery finds them: before the move, the audio is
    /// still in `incoming/` (storing again finds the row already there); after it, the row exists.
    func commit(duration: Duration, files: MailboxFiles, store: any MessageStore) async throws {
        var message = message
        message.audioFile = files.messageAudio(message.id, of: message.mailbox)
        message.durationMilliseconds = Int(duration / .milliseconds(1))
        message.sizeBytes = MailboxFiles.size(audioPath(files))
        do {
            try await store.addMessage(message)
        } catch .duplicateMessage {
            // Stored before a crash that left the journal behind.
        }
        try MailboxFiles.install(audioPath(files), at: files.absolute(message.audioFile))
        try? FileManager.default.removeItem(atPath: journalPath(files))
    }
}
