import CallControl
import Directory
import Foundation
import HeraldTestKit
import Speech
import Store
import Testing
@testable import Voicemail

/// Personal options with the Exchange keys: main menu 6; then 1 greetings, 2 record name, 3 change PIN, 4 switch
/// key map, * back. In the greetings menu: 1 standard, 2 busy, 3 away, 4 away on/off, 5 system greeting. After a
/// recording: 1 listen, 2 keep, 3 record again, * back.
@Suite("personal options: greetings, name, PIN, key map")
struct PersonalOptionsTests {
    @Test("greetings menu: a busy greeting recorded and kept is installed")
    func recordBusyGreeting() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "61" + "2" + "2" + "**___")
        #expect(call.heard(.greetingsTitle))
        #expect(call.heard(.recordGreeting))
        #expect(call.heard(.greetingSaved))
        #expect(box.exists(box.files.greeting(.busy, of: "4000")))
        #expect(!box.exists(box.files.greeting(.standard, of: "4000")))
        #expect(box.contents(of: box.files.greeting(.busy, of: "4000").deletingLastPathComponent()) == ["busy.wav"], "no draft left")
    }

    @Test("a recording taken back with * is not installed")
    func recordingAbandoned() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "61" + "1" + "*" + "**___")
        #expect(!call.heard(.greetingSaved))
        #expect(!box.exists(box.files.greeting(.standard, of: "4000")))
        #expect(box.contents(of: box.files.greeting(.standard, of: "4000").deletingLastPathComponent()).isEmpty)
    }

    @Test("a recording can be heard and made again before it is kept")
    func listenAndReRecord() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "61" + "1" + "1" + "3" + "2" + "**___")
        #expect(call.count(.recordGreeting) == 2)
        #expect(call.utterances.contains { $0.hasPrefix("file .draft-") }, "the draft is played back")
        #expect(call.count(.greetingSaved) == 1)
        #expect(box.contents(of: box.files.greeting(.standard, of: "4000").deletingLastPathComponent()) == ["standard.wav"])
    }

    @Test("away greeting recorded and turned on: the store says so and the next logon hears that it is on")
    func awayGreetingOn() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "61" + "3" + "2" + "4" + "**___")
        #expect(call.heard(.awayGreetingTurnedOn))
        #expect(box.exists(box.files.greeting(.away, of: "4000")))
        #expect(try await box.user("4000").awayGreetingOn)

        let next = await box.logOn("4000", then: "61" + "4" + "**___")
        #expect(next.utterances.firstIndex(of: "awayGreetingIsOn") ?? .max < next.utterances.firstIndex(of: "mainMenuTitle") ?? .max)
        #expect(next.heard(.option(.optionAwayGreetingOff, key: "4")), "the menu offers to turn it off")
        #expect(next.heard(.awayGreetingTurnedOff))
        #expect(try await !box.user("4000").awayGreetingOn)
    }

    @Test("use the system greeting: the recorded standard greeting is removed")
    func systemGreeting() async throws {
        let box = try await VoicemailFixture()
        try box.writeAudio(at: box.files.greeting(.standard, of: "4000"))
        try box.writeAudio(at: box.files.greeting(.busy, of: "4000"))
        let call = await box.logOn("4000", then: "61" + "5" + "**___")
        #expect(call.heard(.standardGreetingSelected))
        #expect(!box.exists(box.files.greeting(.standard, of: "4000")))
        #expect(box.exists(box.files.greeting(.busy, of: "4000")), "only the standard greeting goes")
    }

    @Test("record name: the name callers hear is installed")
    func recordName() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "62" + "2" + "*___")
        #expect(call.heard(.recordName))
        #expect(call.heard(.nameSaved))
        #expect(box.exists(box.files.recordedName(of: "4000")))
    }

    @Test("change PIN: a short PIN and a recent PIN are refused, a good one is stored")
    func changePIN() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "63" + "1234#1234#" + "135246#135246#" + "975318#975318#" + "*___")
        #expect(call.count(.pinTooWeak) == 2)
        #expect(call.heard(.pinTooWeak(minimumLength: 6)))
        #expect(call.heard(.pinChanged))
        let now = VoicemailFixture.now
        #expect(try await box.store.verifyPIN("975318", extension: "4000", now: now) == .accepted(mustChange: false))
        #expect(try await box.store.verifyPIN("135246", extension: "4000", now: now) == .wrong(failuresInARow: 1, wasReset: false))
    }

    @Test("change PIN: two entries that differ are refused")
    func changePINMismatch() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "63" + "975318#975381#" + "___" + "*___")
        #expect(call.heard(.pinsDoNotMatch))
        #expect(!call.heard(.pinChanged))
        #expect(try await box.store.verifyPIN("135246", extension: "4000", now: VoicemailFixture.now) == .accepted(mustChange: false))
    }

    @Test("switch key map: the store keeps cisco-unity and the next session uses the Cisco Unity keys")
    func switchKeyMap() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "64" + "*___")
        #expect(call.heard(.switchKeyMap(to: "Cisco Unity", key: "4")))
        #expect(call.heard(.keyMapSelected("Cisco Unity")))
        #expect(try await box.user("4000").keyMap == "cisco-unity")

        // Cisco Unity: 3 is saved messages in the main menu, and 3 deletes during a message.
        let saved = try await box.addMessage(to: "4000", folder: .saved)
        let next = await box.logOn("4000", then: "33___")
        #expect(next.heard(.option(.optionSavedMessages, key: "3")))
        #expect(next.heard(.firstSavedMessage))
        #expect(next.heard(.messageDeleted))
        #expect(try await box.message(saved).folder == .deleted)
    }

    @Test("with the Cisco Unity keys, 4 is personal options and switching goes back to Exchange")
    func switchBack() async throws {
        let box = try await VoicemailFixture()
        try await box.store.updateMailboxSettings(extension: "4000", MailboxSettings(awayGreetingOn: false, keyMap: "cisco-unity", enrolled: true))
        let call = await box.logOn("4000", then: "44" + "*___")
        #expect(call.heard(.personalOptionsTitle))
        #expect(call.heard(.keyMapSelected("Exchange")))
        #expect(try await box.user("4000").keyMap == "exchange")
    }

    @Test("with the Cisco Unity keys a recording is kept with #")
    func ciscoKeepsWithPound() async throws {
        let box = try await VoicemailFixture()
        try await box.store.updateMailboxSettings(extension: "4000", MailboxSettings(awayGreetingOn: false, keyMap: "cisco-unity", enrolled: true))
        let call = await box.logOn("4000", then: "4" + "3" + "#" + "*___")
        #expect(call.heard(.nameSaved))
        #expect(box.exists(box.files.recordedName(of: "4000")))
    }
}
