import CallControl
import Directory
import Foundation
import HeraldTestKit
import Speech
import Store
import Testing
@testable import Voicemail

/// Scenario 3: listening to messages with the Exchange keys. In a FakeCall every key is queued from the start, so a
/// key after the main menu's choice interrupts the next announcement; `_` lets a message play to its end (the menu
/// after it then meets that silence first).
@Suite("scenario 3: listening to messages")
struct MessageReviewTests {
    /// The senders of the envelopes said, in order.
    static func senders(_ call: FakeCall) -> [String] {
        call.utterances.filter { $0.hasPrefix("messageEnvelope(") }.compactMap { line in
            line.split(separator: "sender: ").last?.split(separator: ",").first.map(String.init)
        }
    }

    @Test("new messages play urgent first, then newest first; # goes on and each one heard becomes saved")
    func playOrderAndNext() async throws {
        let box = try await VoicemailFixture()
        let older = try await box.addMessage(to: "4000", minutesAgo: 60, from: "Olga Older")
        let newer = try await box.addMessage(to: "4000", minutesAgo: 1, from: "Ned Newer")
        let urgent = try await box.addMessage(to: "4000", urgent: true, minutesAgo: 120, from: "Uma Urgent")
        let call = await box.logOn("4000", then: "1###___")
        #expect(Self.senders(call) == ["Uma Urgent", "Ned Newer", "Olga Older"])
        #expect(call.utterances.firstIndex(of: "firstNewMessage") ?? .max < call.utterances.firstIndex(of: "urgentMessage") ?? .max)
        #expect(call.count(.urgentMessage) == 1)
        #expect(call.count(.nextMessage) == 2)
        #expect(call.heard(.endOfMessages))
        for message in [older, newer, urgent] { #expect(try await box.message(message).folder == .saved) }
    }

    @Test("the envelope says the sender, the day and time in the service's time zone, and the length")
    func envelope() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000", minutesAgo: 90, seconds: 20, from: "Bob Brown")
        let call = await box.logOn("4000", then: "1*")
        let envelope = PromptPhrase.messageEnvelope(
            senderName: "Bob Brown", callingNumber: nil, received: VoicemailFixture.now.addingTimeInterval(-5400),
            now: VoicemailFixture.now, timeZone: try #require(TimeZone(identifier: "UTC")), duration: .seconds(20))
        #expect(call.heard(envelope))
    }

    @Test("a message heard to its end becomes saved and the message menu follows")
    func heardToTheEnd() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "1_*___")
        #expect(call.played(file: "\(message.id.uuidString).wav"))
        #expect(call.heard(.option(.optionSave, key: "8")))
        #expect(try await box.message(message).folder == .saved)
    }

    @Test("4 goes back to the previous message")
    func previous() async throws {
        let box = try await VoicemailFixture()
        let first = try await box.addMessage(to: "4000", minutesAgo: 1, from: "First Sender")
        let second = try await box.addMessage(to: "4000", minutesAgo: 5, from: "Second Sender")
        let third = try await box.addMessage(to: "4000", minutesAgo: 9, from: "Third Sender")
        let call = await box.logOn("4000", then: "1#4*___")
        #expect(Self.senders(call) == ["First Sender", "Second Sender", "First Sender"])
        #expect(try await box.message(first).folder == .saved)
        #expect(try await box.message(second).folder == .saved)
        #expect(try await box.message(third).folder == .new, "never reached")
    }

    @Test("7 deletes the message")
    func delete() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "17___")
        #expect(call.heard(.messageDeleted))
        #expect(try await box.message(message).folder == .deleted)
        #expect(box.exists(URL(fileURLWithPath: box.files.absolute(message.audioFile))), "deleted messages stay on disk until purged")
    }

    @Test("in the deleted folder (main menu 3), 7 undeletes: the message is saved again")
    func undelete() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", folder: .deleted)
        let call = await box.logOn("4000", then: "37___")
        #expect(call.heard(.firstDeletedMessage))
        #expect(call.heard(.messageUndeleted))
        #expect(try await box.message(message).folder == .saved)
    }

    @Test("after a deleted message plays, the menu offers undelete rather than delete")
    func undeleteOffered() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", folder: .deleted)
        let call = await box.logOn("4000", then: "3_7___")
        #expect(call.heard(.option(.optionUndelete, key: "7")))
        #expect(!call.heard(.optionDelete))
        #expect(try await box.message(message).folder == .saved)
    }

    @Test("8 saves the message")
    func save() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "18___")
        #expect(call.heard(.messageSaved))
        #expect(try await box.message(message).folder == .saved)
    }

    @Test("9 marks a saved message unheard: it is new again")
    func markUnheard() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", folder: .saved)
        let call = await box.logOn("4000", then: "29___")
        #expect(call.heard(.firstSavedMessage))
        #expect(call.heard(.messageMarkedNew))
        #expect(try await box.message(message).folder == .new)
    }

    @Test("an empty folder says so and the main menu comes back")
    func emptyFolder() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "3___")
        #expect(call.heard(.folderEmpty))
        #expect(call.count(.mainMenuTitle) >= 2)
    }

    @Test("6 forwards the message to 4001 with an introduction: Bob gets a new message from Alice")
    func forward() async throws {
        let box = try await VoicemailFixture()
        let original = try await box.addMessage(to: "4000", seconds: 20, from: "Carol Clark")
        let call = await box.logOn("4000", then: "16" + "4001#" + "*___")
        #expect(call.heard(.forwardEnterExtension))
        #expect(call.heard(.forwardingTo("Bob Brown")))
        #expect(call.heard(.messageForwarded))

        let forwarded = try #require(try await box.messages("4001").first)
        #expect(forwarded.folder == .new)
        #expect(forwarded.senderName == "Alice Anderson")
        #expect(forwarded.senderExtension == "4000")
        #expect(forwarded.id != original.id)
        let introduction = try #require(forwarded.introductionFile)
        #expect(FileManager.default.fileExists(atPath: box.files.absolute(introduction)))
        #expect(FileManager.default.fileExists(atPath: box.files.absolute(forwarded.audioFile)))
        #expect(forwarded.audioFile.hasPrefix("mailboxes/4001/"))
        #expect(forwarded.introductionMilliseconds == 3_000)
        #expect(forwarded.durationMilliseconds == 23_000)
        #expect(try await box.store.mailboxUsage(mailbox: "4001") == forwarded.sizeBytes)
        #expect(try await box.message(original).folder == .saved, "the original stays with Alice")
    }

    @Test("a forward to a wrong extension or to oneself is asked again; star gives up")
    func forwardRefused() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "16" + "9999#" + "4000#" + "*" + "*___")
        #expect(call.count(.invalidExtension) == 2)
        #expect(!call.heard(.messageForwarded))
        #expect(try await box.messages("4001").isEmpty)
    }

    @Test("a forward to a full mailbox is refused")
    func forwardToFullMailbox() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        try await box.addMessage(to: "4001", sizeBytes: 500_000_000)
        let call = await box.logOn("4000", then: "16" + "4001#" + "*" + "*___")
        #expect(call.heard(.mailboxFull))
        #expect(try await box.messages("4001").count == 1)
    }

    @Test("the forwarded message plays its introduction before the original audio")
    func forwardedPlaysIntroductionFirst() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        await box.logOn("4000", then: "16" + "4001#" + "*___")
        let forwarded = try #require(try await box.messages("4001").first)
        let call = await box.logOn("4001", then: "1_*___")
        let introduction = try #require(forwarded.introductionFile.map { ($0 as NSString).lastPathComponent })
        let audio = (forwarded.audioFile as NSString).lastPathComponent
        #expect(call.transcript.contains("play file \(introduction), file \(audio)"))
    }

    @Test("* goes back to the main menu; the message is marked heard")
    func mainMenu() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "1*___")
        #expect(call.utterances.lastIndex(of: "mainMenuTitle") ?? -1 > call.utterances.firstIndex { $0.hasPrefix("messageEnvelope(") } ?? .max)
        #expect(try await box.message(message).folder == .saved)
    }

    @Test("0 in the message menu says the help and every option")
    func help() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "1_0*___")
        #expect(call.heard(.help))
        #expect(call.heard(.option(.optionForward, key: "6")), "the full list, not only the short one")
        #expect(call.heard(.option(.optionMarkUnheard, key: "9")))
    }

    @Test("0 while a message plays says the help too")
    func helpDuringMessage() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "10*___")
        #expect(call.heard(.help))
        #expect(call.heard(.option(.optionForward, key: "6")))
    }

    @Test("a key the main menu does not have says invalidKey and the menu again")
    func invalidKey() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "5___")
        #expect(call.heard(.invalidKey))
        #expect(call.count(.mainMenuTitle) >= 2)
    }

    @Test("#0 in the main menu (the voice switch) says voice is not available")
    func voiceSwitch() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "#0___")
        #expect(call.heard(.voiceNotAvailable))
        #expect(!call.heard(.invalidKey))
    }

    @Test("0 in the main menu says the help and the options")
    func mainMenuHelp() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "0___")
        #expect(call.heard(.help))
        #expect(!call.heard(.invalidKey))
    }

    @Test("3 during a message skips ahead five seconds: the audio resumes from there")
    func fastForward() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", seconds: 20)
        let call = await box.logOn("4000", then: "13_*___")
        #expect(call.utterances.contains("file \(message.id.uuidString).wav from \(Duration.seconds(5))"))
    }

    @Test("an urgent message resumed after a fast-forward is not announced as urgent again")
    func urgentResumed() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", urgent: true, seconds: 20)
        let call = await box.logOn("4000", then: "13_*___")
        #expect(call.count(.urgentMessage) == 1)
        #expect(call.transcript.contains("play file \(message.id.uuidString).wav from \(Duration.seconds(5))"))
    }

    @Test("1 after a message goes back five seconds from its end")
    func rewind() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", seconds: 20)
        let call = await box.logOn("4000", then: "1_1_*___")
        #expect(call.utterances.contains("file \(message.id.uuidString).wav from \(Duration.seconds(15))"))
    }

    @Test("fast-forward past the end offers the menu instead of playing")
    func fastForwardPastEnd() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000", seconds: 4)
        let call = await box.logOn("4000", then: "13*___")
        #expect(!call.utterances.contains { $0.hasPrefix("file \(message.id.uuidString).wav") })
        #expect(call.heard(.optionReplay))
    }

    @Test("5 replays the message from the start")
    func replay() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "1_5_*___")
        #expect(call.utterances.count { $0 == "file \(message.id.uuidString).wav" } == 2)
    }

    @Test("2 pauses until a key, then the message goes on")
    func pause() async throws {
        let box = try await VoicemailFixture()
        let message = try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "125_*___")
        #expect(call.heard(.paused))
        #expect(call.played(file: "\(message.id.uuidString).wav"))
    }

    @Test("a mailbox near its quota warns at logon")
    func almostFull() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000", sizeBytes: 460_000_000)
        let call = await box.logOn("4000", then: "")
        #expect(call.heard(.mailboxAlmostFull))
    }
}
