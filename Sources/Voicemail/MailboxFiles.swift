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

    /// Moves a finished recording into place, replacing what was there (rename is atomic on one file system), and
    /// syncs the directory so that the move itself survives a power cut.
    static func install(_ source: String, at destination: String) throws {
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if rename(source, destination) != 0 { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination]) }
        syncDirectory(folder.path)
    }

    /// Writes `data` to `path` so that it is on disk when this returns: temporary file, fsync, rename, directory fsync.
    static func writeDurably(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Makes a directory's entries (a rename, a new file) durable.
    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
