import CallControl
import Directory
import Foundation
import HeraldTestKit
import Speech
import Store
import Testing
@testable import Voicemail

/// Call answering with the Exchange keys. After the recording (which FakeCall ends with # unless told otherwise) the
/// caller's review offers 1 send, 2 listen, 3 record again, 4 urgent. A key during the greeting skips to the beep and
/// is used up, so most scripts start with one.
@Suite("call answering: greetings, recording, review, and what is stored")
struct CallAnsweringTests {
    /// The messages folder of a mailbox.
    static func messagesDirectory(_ box: VoicemailFixture, _ number: String) -> URL {
        box.files.mailbox(number).appending(component: "messages", directoryHint: .isDirectory)
    }

    @Test("a store that cannot serve the mailbox is our fault: the caller is told, not left in silence")
    func storeFailure() async throws {
        let box = try await VoicemailFixture()
        let stranger = UMUser(firstName: "Nora", lastName: "Nobody", email: "nora@example.com", extensions: ["4999"], dialPlan: "Demo")
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#1")
        await CallAnswering(services: box.services, logger: box.logger).run(call, user: stranger, greeting: .standard)
        #expect(Array(call.transcript.suffix(2)) == ["play systemError, goodbye", "hang up"])
    }

    @Test("scenario 4a: a message from an internal caller is stored with the caller's directory name and extension")
    func internalCaller() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: try await box.internalCaller("4001"), keys: "#1")
        try await box.divert(call, to: "4000")
        #expect(call.utterances.contains("beep"))
        #expect(Array(call.transcript.suffix(2)) == ["play messageSent, goodbye", "hang up"])

        let message = try #require(try await box.messages("4000").first)
        #expect(message.senderName == "Bob Brown")
        #expect(message.senderExtension == "4001")
        #expect(message.senderNumber == "4001")
        #expect(message.folder == .new)
        #expect(!message.urgent)
        #expect(message.received == VoicemailFixture.now)
        #expect(message.durationMilliseconds == 3_000)
        #expect(message.audioFile == box.files.messageAudio(message.id, of: "4000"))
        let audio = box.files.absolute(message.audioFile)
        #expect(FileManager.default.fileExists(atPath: audio))
        #expect(message.sizeBytes == (try FileManager.default.attributesOfItem(atPath: audio)[.size] as? Int))
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty, "journal and recording moved on")
    }

    @Test("scenario 4b: an outside caller's number is kept as it came, with no name")
    func externalCaller() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#1")
        try await box.divert(call, to: "4000")
        let message = try #require(try await box.messages("4000").first)
        #expect(message.senderName == nil)
        #expect(message.senderExtension == nil)
        #expect(message.senderNumber == "+12025550199")
    }

    @Test("a withheld number is not kept")
    func withheldCaller() async throws {
        let box = try await VoicemailFixture()
        let caller = CallerIdentity(number: "+12025550199", displayName: nil, user: nil, withheld: true)
        let call = FakeCall(caller: caller, keys: "#1")
        try await box.divert(call, to: "4000")
        let message = try #require(try await box.messages("4000").first)
        #expect(message.senderNumber == nil)
        #expect(message.senderName == nil)
    }

    /// Which greeting a diverted caller hears, from what the user recorded and chose.
    struct GreetingCase: Sendable, CustomTestStringConvertible {
        var recorded: [GreetingKind]
        var name = false
        var awayOn = false
        var reason: GreetingKind = .standard
        var expected: [String]
        var testDescription: String
    }

    static let greetingCases: [GreetingCase] = [
        GreetingCase(recorded: [.standard], expected: ["file standard.wav"], testDescription: "the standard greeting when recorded"),
        GreetingCase(recorded: [.standard, .busy], reason: .busy, expected: ["file busy.wav"], testDescription: "busy line: the busy greeting"),
        GreetingCase(recorded: [.standard], reason: .busy, expected: ["file standard.wav"], testDescription: "busy line with no busy greeting: the standard one"),
        GreetingCase(recorded: [.standard, .busy, .away], awayOn: true, reason: .busy, expected: ["file away.wav"], testDescription: "away on overrides busy and standard"),
        GreetingCase(recorded: [.standard, .away], expected: ["file standard.wav"], testDescription: "an away greeting that is off is not used"),
        GreetingCase(recorded: [], expected: ["leaveMessage(name: Alice Anderson)"], testDescription: "nothing recorded: the system greeting with the display name"),
        GreetingCase(recorded: [], name: true, expected: ["leaveMessageFor", "file name.wav", "afterTheTone"], testDescription: "only a name recorded: the system greeting with the name"),
    ]

    @Test("the greeting", arguments: greetingCases)
    func greeting(_ example: GreetingCase) async throws {
        let box = try await VoicemailFixture()
        for kind in example.recorded { try box.writeAudio(at: box.files.greeting(kind, of: "4000")) }
        if example.name { try box.writeAudio(at: box.files.recordedName(of: "4000")) }
        if example.awayOn {
            try await box.store.updateMailboxSettings(extension: "4000", MailboxSettings(awayGreetingOn: true, keyMap: "exchange", enrolled: true))
        }
        let call = FakeCall(caller: VoicemailFixture.externalCaller, recordingEnd: .hangUp)
        try await box.divert(call, to: "4000", greeting: example.reason)
        #expect(call.transcript.first == "play " + example.expected.joined(separator: ", "))
        #expect(call.transcript.dropFirst().first == "play beep")
    }

    @Test("4 marks the message urgent, then 1 sends it")
    func urgent() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#41")
        try await box.divert(call, to: "4000")
        #expect(call.heard(.messageMarkedUrgent))
        #expect(call.heard(.messageSent))
        let message = try #require(try await box.messages("4000").first)
        #expect(message.urgent)
    }

    @Test("2 plays the recording back before it is sent")
    func listen() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#21")
        try await box.divert(call, to: "4000")
        let message = try #require(try await box.messages("4000").first)
        #expect(call.played(file: "\(message.id.uuidString).wav"))
    }

    @Test("3 records again: only the second recording is stored")
    func reRecord() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#31")
        try await box.divert(call, to: "4000")
        #expect(call.transcript.count { $0.hasPrefix("record ") } == 2)
        let messages = try await box.messages("4000")
        #expect(messages.count == 1)
        #expect(box.contents(of: Self.messagesDirectory(box, "4000")) == ["\(try #require(messages.first).id.uuidString).wav"])
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty, "the first recording and its journal are gone")
    }

    @Test("a caller who hangs up during the recording leaves the message")
    func hangUpWhileRecording() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, recordingEnd: .hangUp)
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").count == 1)
        #expect(!call.heard(.messageSent), "nobody is left to hear it")
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a caller who hangs up during the review leaves the message")
    func hangUpWhileReviewing() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#4!")
        try await box.divert(call, to: "4000")
        let message = try #require(try await box.messages("4000").first)
        #expect(message.urgent, "marked before the hang-up")
        #expect(call.isHungUp)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a caller who says nothing at the review has the message sent")
    func silentReview() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#___")
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").count == 1)
        #expect(call.heard(.messageSent))
    }

    @Test("a caller who hangs up at the beep leaves nothing behind")
    func hangUpAtBeep() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#!")
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }

    @Test("a short hang-up with no voice is not a message: nothing is stored and incoming is empty")
    func tooShortNoVoice() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(
            caller: VoicemailFixture.externalCaller, recordingEnds: [.hangUp], recordedDuration: .milliseconds(500), heardVoice: false)
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").isEmpty)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
        #expect(box.contents(of: Self.messagesDirectory(box, "4000")).isEmpty)
    }

    @Test("a short message with no voice sent from the review is refused as too short")
    func tooShortSent() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(
            caller: VoicemailFixture.externalCaller, keys: "#1", recordedDuration: .milliseconds(500), heardVoice: false)
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").isEmpty)
        #expect(Array(call.transcript.suffix(2)) == ["play recordingTooShort, goodbye", "hang up"])
    }

    @Test("a short message with a voice in it is kept")
    func shortWithVoice() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(
            caller: VoicemailFixture.externalCaller, recordingEnds: [.hangUp], recordedDuration: .milliseconds(500), heardVoice: true)
        try await box.divert(call, to: "4000")
        #expect(try await box.messages("4000").first?.durationMilliseconds == 500)
    }

    @Test("a recording cut at the maximum length says so, then goes to the review")
    func maximumLength() async throws {
        let box = try await VoicemailFixture()
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#1", recordingEnd: .maxDuration)
        try await box.divert(call, to: "4000")
        #expect(call.heard(.recordingMaximumLength))
        #expect(try await box.messages("4000").count == 1)
    }

    @Test("a full mailbox refuses the message before the greeting and records nothing")
    func mailboxFull() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000", sizeBytes: 500_000_000)
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "#1")
        try await box.divert(call, to: "4000")
        #expect(call.transcript == ["play mailboxFull, goodbye", "hang up"])
        #expect(try await box.messages("4000").count == 1)
        #expect(box.contents(of: box.files.incoming(of: "4000")).isEmpty)
    }
}
