import CoreMetrics
import Foundation
public import Logging
public import Store

/// Commits the messages a crash left half-recorded: run once at start, before calls are taken.
public enum MessageRecovery {
    /// Recordings shorter than this carry nothing worth keeping (a click, the start of a hang-up).
    static let shortest: Duration = .milliseconds(500)

    /// For every journal under `files`, repairs the WAV (`repair` makes its header true and returns the duration it
    /// holds) and stores the message; returns the messages recovered (their lamps are the caller's to light).
    public static func recover(
        files: MailboxFiles, store: any MessageStore, repair: (String) throws -> Duration, logger: Logger
    ) async -> [VoiceMessage] {
        let manager = FileManager.default
        let mailboxes = files.root.appending(components: "mailboxes", directoryHint: .isDirectory)
        var recovered: [VoiceMessage] = []
        for mailbox in (try? manager.contentsOfDirectory(atPath: mailboxes.path)) ?? [] {
            let incoming = files.incoming(of: mailbox)
            for name in (try? manager.contentsOfDirectory(atPath: incoming.path)) ?? [] where name.hasSuffix(".json") {
                let journal = incoming.appending(path: name).path
                do {
                    let pending = try PendingMessage.read(journal)
                    guard manager.fileExists(atPath: pending.audioPath(files)) else {
                        // Stored and moved already (the crash came before the journal was dropped), or never recorded.
                        try? manager.removeItem(atPath: journal)
                        continue
                    }
                    let duration = try repair(pending.audioPath(files))
                    guard duration >= shortest else {
                        logger.info("a recording cut off by a restart held no audio: dropped", metadata: ["message": "\(pending.message.id)"])
                        pending.discard(files)
                        continue
                    }
                    try await pending.commit(duration: duration, files: files, store: store)
                    var message = pending.message
                    message.durationMilliseconds = Int(duration / .milliseconds(1))
                    recovered.append(message)
                    Counter(label: "herald_messages_recovered_total").increment()
                    logger.notice(
                        "message recovered after a restart",
                        metadata: ["mailbox": "\(message.mailbox)", "message": "\(message.id)", "duration_ms": "\(message.durationMilliseconds)"])
                } catch {
                    // Left in place: an administrator can look, and the next start tries again.
                    logger.error("a half-recorded message could not be recovered", metadata: ["journal": "\(journal)", "error": "\(error)"])
                }
            }
        }
        return recovered
    }
}
