import Foundation
import Store
import Testing
@testable import Voicemail

/// What a crash leaves in `incoming/` (a journal and a recording whose WAV header was never finished) and what the
/// next start makes of it.
@Suite("message recovery after a crash")
struct MessageRecoveryTests {
    /// A journal for a message to `number`, as call answering writes it before the beep.
    static func journal(_ box: VoicemailFixture, to number: String = "4000", withAudio: Bool = true) throws -> PendingMessage {
        let pending = PendingMessage(message: VoiceMessage(
            mailbox: number, urgent: true, received: VoicemailFixture.now, durationMilliseconds: 0, senderNumber: "+12025550199",
            audioFile: "", sizeBytes: 0))
        try pending.writeJournal(box.files)
        if withAudio { try Data(repeating: 0, count: 16_044).write(to: URL(fileURLWithPath: pending.audioPath(box.files))) }
        return pending
    }

    @Test("a journal with its recording is committed: the message is stored, the audio moved, the journal gone")
    func recovered() async throws {
        let box = try await VoicemailFixture()
        let pending = try Self.journal(box)
        var repaired: [String] = []
        let recovered = await MessageRecovery.recover(
            files: box.files, store: box.store, repair: { path in repaired.append(path); return .seconds(2) }, logger: box.logger)

        #expect(repaired == [pending.audioPath(box.files)])
        #expect(recovered.map(\.id) == [pending.message.id])
        let message = try #require(try await box.messages("4000").first)
        #expect(message.id == pending.message.id)
        #expect(message.durationMilliseconds == 2_000)
        #expect(message.urgent)
        #expect(message.senderNumber == "+12025550199")
        #expect(message.audioFile == box.files.messageAudio(message.id, of: "4000"))
        #expect(message.sizeBytes == 16_044)
        #expect(FileManager.default.fileExists(atPath: box.files.absolute(message.audioFile)))
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a journal whose recording never started is dropped")
    func noAudio() async throws {
        let box = try await VoicemailFixture()
        _ = try Self.journal(box, withAudio: false)
        let recovered = await MessageRecovery.recover(files: box.files, store: box.store, repair: { _ in .seconds(2) }, logger: box.logger)
        #expect(recovered.isEmpty)
        #expect(try await box.messages("4000").isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a recording cut off too short to hold anything is discarded")
    func tooShort() async throws {
        let box = try await VoicemailFixture()
        _ = try Self.journal(box)
        let recovered = await MessageRecovery.recover(
            files: box.files, store: box.store, repair: { _ in .milliseconds(100) }, logger: box.logger)
        #expect(recovered.isEmpty)
        #expect(try await box.messages("4000").isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a journal that cannot be read is left for an administrator")
    func unreadable() async throws {
        let box = try await VoicemailFixture()
        try FileManager.default.createDirectory(at: box.files.incoming(of: "4000"), withIntermediateDirectories: true)
        try Data("not a journal".utf8).write(to: box.files.incoming(of: "4000").appending(path: "broken.json"))
        let recovered = await MessageRecovery.recover(files: box.files, store: box.store, repair: { _ in .seconds(2) }, logger: box.logger)
        #expect(recovered.isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")) == ["broken.json"])
    }

    @Test("a repair that fails leaves the journal and the recording for the next start")
    func repairFails() async throws {
        let box = try await VoicemailFixture()
        let pending = try Self.journal(box)
        struct Unrepairable: Error {}
        let recovered = await MessageRecovery.recover(
            files: box.files, store: box.store, repair: { _ in throw Unrepairable() }, logger: box.logger)
        #expect(recovered.isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")).sorted()
            == ["\(pending.message.id.uuidString).json", "\(pending.message.id.uuidString).wav"])
    }

    @Test("journals in several mailboxes are all recovered, and a second run finds nothing")
    func severalMailboxes() async throws {
        let box = try await VoicemailFixture()
        _ = try Self.journal(box, to: "4000")
        _ = try Self.journal(box, to: "4001")
        let first = await MessageRecovery.recover(files: box.files, store: box.store, repair: { _ in .seconds(3) }, logger: box.logger)
        #expect(Set(first.map(\.mailbox)) == ["4000", "4001"])
        let second = await MessageRecovery.recover(files: box.files, store: box.store, repair: { _ in .seconds(3) }, logger: box.logger)
        #expect(second.isEmpty)
        #expect(try await box.messages("4000").count == 1)
        #expect(try await box.messages("4001").count == 1)
    }

    @Test("a message already stored before the crash is only tidied up")
    func alreadyStored() async throws {
        let box = try await VoicemailFixture()
        let pending = try Self.journal(box)
        try await pending.commit(duration: .seconds(2), files: box.files, store: box.store)
        // The crash came before the journal went: put it back.
        try pending.writeJournal(box.files)
        let recovered = await MessageRecovery.recover(files: box.files, store: box.store, repair: { _ in .seconds(2) }, logger: box.logger)
        #expect(recovered.isEmpty)
        #expect(try await box.messages("4000").count == 1)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }
}
