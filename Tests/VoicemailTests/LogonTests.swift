import CallControl
import Directory
import Foundation
import HeraldTestKit
import Speech
import Store
import Testing
@testable import Voicemail

@Suite("logging on: pilot number, voicemail button, wrong entries, lockout, enrollment")
struct LogonTests {
    @Test("scenario 1: extension and PIN on the pilot number lead to the message count, and three silences end the call politely")
    func pilotLogon() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4000")
        let call = await box.logOn("4000", then: "___")
        #expect(call.utterances.first == "welcome")
        #expect(call.heard(.enterPIN))
        #expect(call.heard(.youHaveMessages(new: 1, saved: 0)))
        #expect(call.heard(.mainMenuTitle))
        #expect(call.heard(.option(.optionNewMessages, key: "1")))
        #expect(call.count(.noInput) == 3, "twice before the menu again, once with the goodbye")
        #expect(Array(call.transcript.suffix(2)) == ["play noInput, goodbye", "hang up"])
        #expect(call.isHungUp)
    }

    @Test("#0 in the main menu is the voice/keypad switch (not available: said so); # then another key is that key")
    func poundZeroReserved() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "#0#6*___")
        #expect(call.heard(.voiceNotAvailable))
        #expect(call.heard(.personalOptionsTitle), "#6 chose personal options")
        #expect(!call.heard(.invalidKey))
    }

    @Test("an empty mailbox says there are no messages")
    func noMessages() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "")
        #expect(call.heard(.youHaveNoMessages))
        #expect(!call.heard(.youHaveMessages))
    }

    @Test("an extension that is not a mailbox is asked again, and the third one ends the call")
    func wrongExtensions() async throws {
        let box = try await VoicemailFixture()
        let call = await box.callPilot("9999#8888#7777#")
        #expect(call.count(.invalidExtension) == 2)
        #expect(call.count(.enterExtension) == 2)
        #expect(Array(call.transcript.suffix(2)) == ["play tooManyErrors", "hang up"])
        #expect(!call.heard(.enterPIN))
    }

    @Test("a wrong extension followed by a right one logs on")
    func wrongThenRightExtension() async throws {
        let box = try await VoicemailFixture()
        let call = await box.callPilot("9999#4000#135246#")
        #expect(call.heard(.invalidExtension))
        #expect(call.heard(.youHaveNoMessages))
    }

    @Test("a disabled mailbox is not accepted as an extension")
    func disabledMailbox() async throws {
        let box = try await VoicemailFixture()
        try await box.store.disableMailbox(extension: "4002")
        let call = await box.callPilot("4002#4000#135246#")
        #expect(call.heard(.invalidExtension))
        #expect(call.count(.enterPIN) == 1, "asked for a PIN only once: for 4000")
        #expect(call.heard(.youHaveNoMessages))
    }

    @Test("silence instead of an extension is asked again, and the third ends the call")
    func silentExtension() async throws {
        let box = try await VoicemailFixture()
        let call = await box.callPilot("___")
        #expect(Array(call.transcript.suffix(2)) == ["play noInput, goodbye", "hang up"])
    }

    @Test("a wrong PIN is asked again, and the right one then logs on")
    func wrongPINThenRight() async throws {
        let box = try await VoicemailFixture()
        let call = await box.callPilot("4000#111111#135246#")
        #expect(call.count(.invalidPIN) == 1)
        #expect(call.heard(.youHaveNoMessages))
    }

    @Test("three wrong PINs in one call end the call")
    func threeWrongPINs() async throws {
        let box = try await VoicemailFixture()
        let call = await box.callPilot("4000#111111#222222#333333#")
        #expect(call.count(.invalidPIN) == 2)
        #expect(Array(call.transcript.suffix(2)) == ["play tooManyErrors", "hang up"])
        #expect(!call.heard(.mainMenuTitle))
    }

    @Test("across calls the policy resets the PIN at the fifth failure in a row and locks the mailbox at the fifteenth")
    func resetThenLockout() async throws {
        let box = try await VoicemailFixture()
        // Failures 1–3, then 4–5: the fifth resets the PIN.
        await box.callPilot("4000#111111#222222#333333#")
        let reset = await box.callPilot("4000#111111#222222#")
        #expect(Array(reset.transcript.suffix(2)) == ["play pinReset", "hang up"])
        // Without a PIN even the old one is refused, and no failure counts.
        let noPIN = await box.callPilot("4000#135246#")
        #expect(Array(noPIN.transcript.suffix(2)) == ["play noPINSet", "hang up"])
        // The administrator hands out a PIN; failures in a row stay, so 6–14 are wrong and the 15th locks.
        try await box.store.setPIN("975318", extension: "4000", byAdministrator: true, now: VoicemailFixture.now)
        for _ in 0..<3 {
            let call = await box.callPilot("4000#111111#222222#333333#")
            #expect(call.transcript.last == "hang up")
            #expect(!call.heard(.mailboxLocked))
        }
        let locked = await box.callPilot("4000#111111#")
        #expect(Array(locked.transcript.suffix(2)) == ["play mailboxLocked, goodbye", "hang up"])
        // Locked: the right PIN is no use.
        let stillLocked = await box.callPilot("4000#975318#")
        #expect(stillLocked.heard(.mailboxLocked))
        #expect(!stillLocked.heard(.mainMenuTitle))
        #expect(try await box.store.verifyPIN("975318", extension: "4000", now: VoicemailFixture.now) == .locked)
    }

    @Test("after an administrator unlocks the mailbox and sets a PIN, the user logs on and must change it")
    func unlockAndChange() async throws {
        let box = try await VoicemailFixture()
        let now = VoicemailFixture.now
        // Five failures reset the PIN; with a PIN from the administrator ten more lock the mailbox.
        for _ in 0..<5 { _ = try await box.store.verifyPIN("111111", extension: "4000", now: now) }
        try await box.store.setPIN("864213", extension: "4000", byAdministrator: true, now: now)
        for _ in 0..<10 { _ = try await box.store.verifyPIN("111111", extension: "4000", now: now) }
        #expect(try await box.store.verifyPIN("864213", extension: "4000", now: now) == .locked)
        try await box.store.unlock(extension: "4000")
        try await box.store.setPIN("975318", extension: "4000", byAdministrator: true, now: VoicemailFixture.now)

        let call = await box.callPilot("4000#975318#" + "246809#246809#" + "___")
        #expect(call.utterances.firstIndex(of: "pinExpired") ?? .max < call.utterances.firstIndex(of: "enterNewPIN") ?? .max)
        #expect(call.heard(.confirmNewPIN))
        #expect(call.heard(.pinChanged))
        #expect(call.heard(.youHaveNoMessages))
        #expect(try await box.store.verifyPIN("246809", extension: "4000", now: VoicemailFixture.now) == .accepted(mustChange: false))
    }

    @Test("a user who must change the PIN and cannot agree on one is let go")
    func mustChangeButFails() async throws {
        let box = try await VoicemailFixture()
        try await box.store.setPIN("975318", extension: "4000", byAdministrator: true, now: VoicemailFixture.now)
        let call = await box.callPilot("4000#975318#" + "123456#123456#" + "246809#246890#" + "___")
        #expect(call.heard(.pinTooWeak(minimumLength: 6)))
        #expect(call.heard(.pinsDoNotMatch))
        #expect(call.transcript.suffix(2).first?.hasPrefix("play tooManyErrors") == true)
        #expect(!call.heard(.mainMenuTitle))
    }

    @Test("scenario 8: the voicemail button asks for the user's PIN by name")
    func voicemailButton() async throws {
        let box = try await VoicemailFixture()
        let call = try await box.pressVoicemailButton(of: "4000", "135246#")
        #expect(call.utterances.first == FakeCall.text(of: .enterPIN(for: "Alice Anderson")))
        #expect(!call.heard(.welcome))
        #expect(call.heard(.youHaveNoMessages))
    }

    @Test("the voicemail button says the recorded name, when there is one, before asking for the PIN")
    func voicemailButtonRecordedName() async throws {
        let box = try await VoicemailFixture()
        try box.writeAudio(at: box.files.recordedName(of: "4000"))
        let call = try await box.pressVoicemailButton(of: "4000", "135246#")
        #expect(call.transcript.first == "play file name.wav, enterPIN")
    }

    @Test("star instead of the PIN lets someone at another user's phone log on to their own mailbox")
    func notYourMailbox() async throws {
        let box = try await VoicemailFixture()
        try await box.addMessage(to: "4001")
        let call = try await box.pressVoicemailButton(of: "4000", "*4001#135246#")
        #expect(call.heard(.enterExtension))
        #expect(call.heard(.youHaveMessages(new: 1, saved: 0)), "Bob's mailbox, not Alice's (which is empty)")
    }

    @Test("a mailbox disabled after the extension was given takes no logon")
    func disabledWhileLoggingOn() async throws {
        let box = try await VoicemailFixture()
        let alice = try await box.user("4000")
        try await box.store.disableMailbox(extension: "4000")
        let call = FakeCall(caller: VoicemailFixture.externalCaller, keys: "135246#")
        await SubscriberAccess(services: box.services, logger: box.logger).run(call, user: alice)
        #expect(call.heard(.invalidExtension))
        #expect(!call.heard(.mainMenuTitle))
    }

    @Test("first logon: enrollment asks for a PIN of the user's own, the name and the greeting, then marks the mailbox enrolled")
    func enrollment() async throws {
        let box = try await VoicemailFixture()
        try await box.store.enableMailbox(
            UMUser(firstName: "Erin", lastName: "Evans", email: "erin@example.com", extensions: ["4004"], dialPlan: "Demo", enrolled: false))
        try await box.store.setPIN("135246", extension: "4004", byAdministrator: true, now: VoicemailFixture.now)

        let call = await box.callPilot(
            "4004#135246#" + "123456#123456#" + "246813#246831#" + "258147#258147#" + "2" + "2" + "___")
        #expect(call.utterances.firstIndex(of: "enrollmentWelcome") ?? .max < call.utterances.firstIndex(of: "enterNewPIN") ?? .max)
        #expect(!call.heard(.pinExpired), "enrollment asks for the new PIN itself")
        #expect(call.heard(.pinTooWeak(minimumLength: 6)))
        #expect(call.heard(.pinsDoNotMatch))
        #expect(call.heard(.pinChanged))
        #expect(call.heard(.nameSaved))
        #expect(call.heard(.greetingSaved))
        #expect(call.heard(.youHaveNoMessages))

        #expect(box.exists(box.files.recordedName(of: "4004")))
        #expect(box.exists(box.files.greeting(.standard, of: "4004")))
        #expect(box.contents(of: box.files.recordedName(of: "4004").deletingLastPathComponent()) == ["name.wav", "standard.wav"],
            "no drafts left behind")
        #expect(try await box.user("4004").enrolled)
        #expect(try await box.store.verifyPIN("258147", extension: "4004", now: VoicemailFixture.now) == .accepted(mustChange: false))
    }

    @Test("an enrolled user is not enrolled again")
    func enrolledOnce() async throws {
        let box = try await VoicemailFixture()
        let call = await box.logOn("4000", then: "")
        #expect(!call.heard(.enrollmentWelcome))
    }
}
