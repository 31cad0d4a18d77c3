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

    /// Writes the journal (atomically: a crash leaves the old one or the new one, never half of one).
    func writeJournal(_ files: MailboxFiles) throws {
        try FileManager.default.createDirectory(at: files.incoming(of: message.mailbox), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        try encoder.encode(self).write(to: URL(fileURLWithPath: journalPath(files)), options: .atomic)
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

    /// Moves the audio into the mailbox and stores the message; the journal goes last, so a crash in between leaves
    /// it for recovery, which finds the message already stored and only tidies up.
    func commit(duration: Duration, files: MailboxFiles, store: any MessageStore) async throws {
        var message = message
        let destination = files.absolute(files.messageAudio(message.id, of: message.mailbox))
        try MailboxFiles.install(audioPath(files), at: destination)
        message.audioFile = files.messageAudio(message.id, of: message.mailbox)
        message.durationMilliseconds = Int(duration / .milliseconds(1))
        message.sizeBytes = MailboxFiles.size(destination)
        do {
            try await store.addMessage(message)
        } catch .duplicateMessage {
            // Committed before a crash that left the journal behind.
        }
        try? FileManager.default.removeItem(atPath: journalPath(files))
    }
}
