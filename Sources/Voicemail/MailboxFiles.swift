public import Directory
public import Foundation

/// Where a mailbox's audio lives beside the database: `<data>/mailboxes/<primary extension>/`
/// - `greetings/standard.wav`, `busy.wav`, `away.wav`, `name.wav` — the user's recordings, replaced atomically;
/// - `messages/<id>.wav` (and `<id>-intro.wav` for a forward's introduction) — committed messages;
/// - `incoming/<id>.wav` + `<id>.json` — a message being left, with its journal, until it is committed.
public struct MailboxFiles: Sendable {
    /// The data directory.
    public let root: URL

    /// The layout under `root`.
    public init(root: URL) {
        self.root = root
    }

    /// The directory of one mailbox.
    public func mailbox(_ primaryExtension: String) -> URL {
        root.appending(components: "mailboxes", primaryExtension, directoryHint: .isDirectory)
    }

    /// A recorded greeting.
    public func greeting(_ kind: GreetingKind, of primaryExtension: String) -> URL {
        mailbox(primaryExtension).appending(components: "greetings", "\(kind.rawValue).wav")
    }

    /// The recorded name.
    public func recordedName(of primaryExtension: String) -> URL {
        mailbox(primaryExtension).appending(components: "greetings", "name.wav")
    }

    /// Where messages are recorded until they are committed.
    public func incoming(of primaryExtension: String) -> URL {
        mailbox(primaryExtension).appending(components: "incoming", directoryHint: .isDirectory)
    }

    /// The committed audio of a message, relative to `root` (as the store keeps it).
    public func messageAudio(_ id: UUID, of primaryExtension: String, introduction: Bool = false) -> String {
        "mailboxes/\(primaryExtension)/messages/\(id.uuidString)\(introduction ? "-intro" : "").wav"
    }

    /// A path the store keeps, made absolute.
    public func absolute(_ relative: String) -> String {
        root.appending(path: relative).path
    }

    /// Whether a file exists and has audio past its header.
    func hasAudio(_ url: URL) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) > 58
    }

    /// The size of a file, 0 when it is missing.
    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Moves a finished recording into place, replacing what was there (rename is atomic on one file system).
    static func install(_ source: String, at destination: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(
            at: URL(fileURLWithPath: destination).deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(source, destination) != 0 { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination]) }
    }
}
