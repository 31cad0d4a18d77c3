public import Foundation

/// A voice message in a mailbox: who left it, when, how long, and where its audio is.
public struct VoiceMessage: Sendable, Hashable, Codable, Identifiable {
    /// The message's identity (also its audio file's name).
    public var id: UUID
    /// The primary extension of the mailbox that holds it.
    public var mailbox: String
    /// Which folder it is in.
    public var folder: MessageFolder
    /// Whether the caller marked it urgent (urgent messages are played first).
    public var urgent: Bool
    /// When it was left.
    public var received: Date
    /// The length of its audio (introduction included), in milliseconds.
    public var durationMilliseconds: Int
    /// The directory name of the sender, when the sender is a user (an internal call, or a forward).
    public var senderName: String?
    /// The calling number as presented, kept as given for external callers.
    public var senderNumber: String?
    /// The sender's primary extension, when the sender is a user.
    public var senderExtension: String?
    /// The audio, relative to the data directory.
    public var audioFile: String
    /// A forwarding user's spoken introduction, played before the audio (relative to the data directory).
    public var introductionFile: String?
    /// The length of the introduction, in milliseconds (part of `durationMilliseconds`).
    public var introductionMilliseconds: Int
    /// The bytes the message's files take, counted against the mailbox quota.
    public var sizeBytes: Int

    /// Creates a message.
    public init(
        id: UUID = UUID(), mailbox: String, folder: MessageFolder = .new, urgent: Bool = false, received: Date,
        durationMilliseconds: Int, senderName: String? = nil, senderNumber: String? = nil, senderExtension: String? = nil,
        audioFile: String, introductionFile: String? = nil, introductionMilliseconds: Int = 0, sizeBytes: Int
    ) {
        self.id = id
        self.mailbox = mailbox
        self.folder = folder
        self.urgent = urgent
        self.received = received
        self.durationMilliseconds = durationMilliseconds
        self.senderName = senderName
        self.senderNumber = senderNumber
        self.senderExtension = senderExtension
        self.audioFile = audioFile
        self.introductionFile = introductionFile
        self.introductionMilliseconds = introductionMilliseconds
        self.sizeBytes = sizeBytes
    }

    /// The order messages are played in: urgent first, then newest first.
    public static func playOrder(_ a: VoiceMessage, _ b: VoiceMessage) -> Bool {
        if a.urgent != b.urgent { return a.urgent }
        if a.received != b.received { return a.received > b.received }
        return a.id.uuidString < b.id.uuidString
    }
}

/// Where a message is: unheard, heard and kept, or deleted (recoverable until purged).
public enum MessageFolder: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not listened to yet (lights the message-waiting lamp).
    case new
    /// Listened to, or saved.
    case saved
    /// Deleted by the user; undelete moves it back to saved.
    case deleted
}
