public import Store
internal import Directory
public import Foundation
internal import Testing

/// The conformance suite every store driver passes: each check takes a fresh, empty store and asserts with `#expect`.
///
/// Run it from a driver's test target with `@Test(arguments: StoreConformance.checks)`. Time is the fixed
/// `StoreConformance.now` plus offsets, so expiry is tested without waiting.
public enum StoreConformance {
    /// One named check.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the check covers, shown by the test runner.
        public let description: String
        /// Runs the check against a fresh, empty store.
        public let run: @Sendable (any HeraldStore) async throws -> Void
    }

    /// Every check, in the order a reader meets the features.
    public static let checks: [Check] = [
        Check(description: "dial plans: add, duplicate", run: dialPlans),
        Check(description: "gateways and auto attendants: add, unknown dial plan, duplicate, remove, unknown", run: gateways),
        Check(description: "mailboxes: enable, duplicate extension, digit count, update, disable, lookup", run: mailboxes),
        Check(description: "snapshot holds everything added", run: snapshotContents),
        Check(description: "PIN: weak PINs refused with the policy's reason", run: weakPINs),
        Check(description: "PIN: the last 5 PINs refused", run: pinHistory),
        Check(description: "PIN: set by an administrator must change", run: administratorPIN),
        Check(description: "PIN: older than 60 days must change", run: pinLifetime),
        Check(description: "PIN: failures counted, reset at 5, locked at 15, unlock", run: failuresResetAndLockout),
        Check(description: "PIN: success clears the failure count", run: successClearsFailures),
        Check(description: "PIN: concurrent failed logons each count once", run: concurrentFailures),
        Check(description: "PIN: no PIN, unknown and disabled mailboxes", run: noPINAndUnknownMailboxes),
        Check(description: "seedDemo: idempotent, PIN 135246 accepted", run: seedDemo),
        Check(description: "messages: add, play order, folders, usage, unknown ids and mailboxes", run: messages),
        Check(description: "mailbox settings: away greeting, key map, enrollment kept apart from admin data", run: mailboxSettings),
    ]

    /// The fixed moment checks start from.
    public static let now = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: Fixtures

    static let main = DialPlan(name: "Main", extensionDigits: 4, pilotNumbers: ["5000"])
    static let branch = DialPlan(
        name: "Branch", extensionDigits: 5, uriType: .e164, pilotNumbers: ["+442075550000"], language: "en-GB",
        welcomeGreeting: "branch-welcome.wav", nameLookupOrder: .firstLast,
        dialingRules: DialingRules(inCountry: ["9xxxxxxxxxx"], international: ["9011x*"]))
    static let cs1000 = IPGateway(
        name: "cs1000", address: "192.0.2.10", port: 5061, transport: .tls, allowsOutboundCalls: false,
        sendsMessageWaiting: true, dialPlan: "Main",
        profile: PBXProfile(
            name: "custom", diversionSource: .historyInfo, diversionEntry: .original,
            greetings: [.userBusy: .busy, .unavailable: .away], companding: .aLaw, quirks: [.noMaddrInContact, .no100rel]))
    static let alice = UMUser(
        firstName: "Alice", lastName: "Anderson", email: "alice@example.com", extensions: ["4000", "+12025550100"],
        dialPlan: "Main")
    static let bob = UMUser(firstName: "Bob", lastName: "Brown", email: "bob@example.com", extensions: ["4001"], dialPlan: "Main")
    static let day: TimeInterval = 86_400

    /// The refusal a store operation threw, or `nil` when it succeeded.
    /// (Closures infer untyped `throws`, so any other error is reported as a storage failure naming it.)
    public static func refusal(_ body: () async throws -> Void) async -> StoreError? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return .storage("unexpected error \(error)")
        }
    }

    /// A store with dial plan Main and Alice and Bob in it.
    static func populate(_ store: any HeraldStore) async throws {
        try await store.addDialPlan(main)
        try await store.enableMailbox(alice)
        try await store.enableMailbox(bob)
    }

    // MARK: Directory

    static func dialPlans(_ store: any HeraldStore) async throws {
        try await store.addDialPlan(main)
        #expect(await refusal { try await store.addDialPlan(main) } == .duplicateDialPlan("Main"))
        #expect(await refusal { try await store.addDialPlan(DialPlan(name: "Main", extensionDigits: 5, pilotNumbers: [])) }
            == .duplicateDialPlan("Main"))
        try await store.addDialPlan(branch)
        #expect(try await store.snapshot().dialPlans == [main, branch])
    }

    static func gateways(_ store: any HeraldStore) async throws {
        #expect(await refusal { try await store.addGateway(cs1000) } == .unknownDialPlan("Main"))
        try await store.addDialPlan(main)
        try await store.addGateway(cs1000)
        #expect(await refusal { try await store.addGateway(cs1000) } == .duplicateGateway("cs1000"))
        let second = IPGateway(name: "sbc", address: "2001:db8::1", dialPlan: "Main", profile: .genericRFC)
        try await store.addGateway(second)
        #expect(try await store.snapshot().gateways == [cs1000, second])
        #expect(try await store.snapshot().gateway(sourceHost: "[2001:DB8::1]") == second)
        try await store.removeGateway(named: "cs1000")
        #expect(try await store.snapshot().gateways == [second])
        #expect(await refusal { try await store.removeGateway(named: "cs1000") } == .unknownGateway("cs1000"))
        #expect(await refusal { try await store.removeGateway(named: "nowhere") } == .unknownGateway("nowhere"))

        let attendant = AutoAttendant(name: "Reception", numbers: ["5005"], dialPlan: "Main")
        #expect(await refusal { try await store.addAutoAttendant(AutoAttendant(name: "X", numbers: ["1"], dialPlan: "Nowhere")) }
                == .unknownDialPlan("Nowhere"))
        try await store.addAutoAttendant(attendant)
        #expect(await refusal { try await store.addAutoAttendant(attendant) } == .duplicateAutoAttendant("Reception"))
        #expect(await refusal { try await store.addAutoAttendant(AutoAttendant(name: "Other", numbers: ["5005"], dialPlan: "Main")) }
                == .duplicateAutoAttendant("Other"))
        #expect(try await store.snapshot().autoAttendant(number: "5005") == attendant)
    }

    static func mailboxes(_ store: any HeraldStore) async throws {
        #expect(await refusal { try await store.enableMailbox(alice) } == .unknownDialPlan("Main"))
        try await store.addDialPlan(main)
        try await store.addDialPlan(branch)
        try await store.enableMailbox(alice)
        #expect(try await store.mailbox(extension: "4000") == alice)
        #expect(try await store.mailbox(extension: "+1 (202) 555-0100") == alice)
        #expect(try await store.mailbox(extension: "4001") == nil)

        // Another user may not take any of Alice's numbers; E.164 numbers are unique across dial plans.
        var intruder = bob
        intruder.extensions = ["4001", "4000"]
        #expect(await refusal { try await store.enableMailbox(intruder) } == .duplicateExtension("4000", owner: "4000"))
        intruder = UMUser(
            firstName: "Eve", lastName: "Evans", email: "eve@example.com", extensions: ["40000", "+12025550100"], dialPlan: "Branch")
        #expect(await refusal { try await store.enableMailbox(intruder) } == .duplicateExtension("+12025550100", owner: "4000"))
        // A short extension is per dial plan: 4000 in another plan would be another number (but Branch has 5 digits).
        intruder.extensions = ["4000"]
        #expect(await refusal { try await store.enableMailbox(intruder) } == .wrongDigitCount("4000", expected: 5))

        // The primary extension has the plan's digit count; further numbers (DIDs) need not.
        var wrong = bob
        wrong.extensions = ["40011"]
        #expect(await refusal { try await store.enableMailbox(wrong) } == .wrongDigitCount("40011", expected: 4))
        wrong.extensions = ["40a1"]
        #expect(await refusal { try await store.enableMailbox(wrong) } == .wrongDigitCount("40a1", expected: 4))
        wrong.extensions = []
        #expect(await refusal { try await store.enableMailbox(wrong) } == .wrongDigitCount("", expected: 4))
        wrong = bob
        wrong.dialPlan = "Nowhere"
        #expect(await refusal { try await store.enableMailbox(wrong) } == .unknownDialPlan("Nowhere"))

        // The same primary extension updates the mailbox in place.
        var renamed = alice
        renamed.displayName = "Alice A. Anderson"
        renamed.extensions = ["4000", "+12025550199"]
        renamed.awayGreetingOn = true
        try await store.enableMailbox(renamed)
        #expect(try await store.mailbox(extension: "4000") == renamed)
        #expect(try await store.mailbox(extension: "+12025550100") == nil)
        #expect(try await store.snapshot().users == [renamed])

        try await store.enableMailbox(bob)
        try await store.disableMailbox(extension: "+12025550199")
        var disabled = renamed
        disabled.enabled = false
        #expect(try await store.mailbox(extension: "4000") == disabled)
        #expect(try await store.mailbox(extension: "4001") == bob)
        #expect(await refusal { try await store.disableMailbox(extension: "4999") } == .unknownMailbox("4999"))
        // Re-enabling is enabling the same primary extension again.
        try await store.enableMailbox(renamed)
        #expect(try await store.mailbox(extension: "4000")?.enabled == true)
    }

    static func snapshotContents(_ store: any HeraldStore) async throws {
        let empty = try await store.snapshot()
        #expect(empty.dialPlans.isEmpty && empty.gateways.isEmpty && empty.users.isEmpty && empty.autoAttendants.isEmpty)
        #expect(empty.policies == [.default])
        try await store.addDialPlan(main)
        try await store.addDialPlan(branch)
        try await store.addGateway(cs1000)
        try await store.enableMailbox(alice)
        try await store.enableMailbox(bob)
        let expected = DirectorySnapshot(dialPlans: [main, branch], gateways: [cs1000], users: [alice, bob], policies: [.default])
        let snapshot = try await store.snapshot()
        #expect(snapshot == expected)
        #expect(snapshot.user(number: "4001", dialPlan: "Main") == bob)
        #expect(snapshot.dialPlan(pilot: "5000") == main)
    }

    // MARK: Credentials

    static func weakPINs(_ store: any HeraldStore) async throws {
        try await populate(store)
        let refusals: [(String, PINProblem)] = [
            ("12a456", .notDigits), ("", .notDigits), ("13579", .tooShort(minimum: 6)), ("777777", .repeatedDigit),
            ("123456", .sequential), ("876543", .sequential), ("940001", .extensionNumber), ("900049", .extensionNumber),
        ]
        for (pin, problem) in refusals {
            #expect(await refusal { try await store.setPIN(pin, extension: "4000", byAdministrator: false, now: now) } == .weakPIN(problem))
        }
        #expect(try await store.verifyPIN("123456", extension: "4000", now: now) == .noPIN)
        #expect(await refusal { try await store.setPIN("135246", extension: "4999", byAdministrator: true, now: now) } == .unknownMailbox("4999"))
        try await store.setPIN("135246", extension: "+12025550100", byAdministrator: false, now: now)
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now) == .accepted(mustChange: false))
    }

    static func pinHistory(_ store: any HeraldStore) async throws {
        try await populate(store)
        let pins = ["135246", "246813", "975310", "864209", "302118"]
        for (index, pin) in pins.enumerated() {
            try await store.setPIN(pin, extension: "4000", byAdministrator: false, now: now + Double(index) * day)
        }
        for pin in pins {
            #expect(await refusal { try await store.setPIN(pin, extension: "4000", byAdministrator: false, now: now + 5 * day) }
                == .weakPIN(.recentlyUsed(history: 5)))
        }
        // Another user's history is theirs alone.
        try await store.setPIN("135246", extension: "4001", byAdministrator: false, now: now)
        // A sixth PIN pushes the first out of the history of 5.
        try await store.setPIN("570381", extension: "4000", byAdministrator: false, now: now + 5 * day)
        try await store.setPIN("135246", extension: "4000", byAdministrator: false, now: now + 6 * day)
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now + 6 * day) == .accepted(mustChange: false))
        // An administrator is held to the history too.
        #expect(await refusal { try await store.setPIN("570381", extension: "4000", byAdministrator: true, now: now + 7 * day) }
            == .weakPIN(.recentlyUsed(history: 5)))
    }

    static func administratorPIN(_ store: any HeraldStore) async throws {
        try await populate(store)
        try await store.setPIN("135246", extension: "4000", byAdministrator: true, now: now)
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now) == .accepted(mustChange: true))
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now + 1) == .accepted(mustChange: true))
        try await store.setPIN("246813", extension: "4000", byAdministrator: false, now: now + 2)
        #expect(try await store.verifyPIN("246813", extension: "4000", now: now + 3) == .accepted(mustChange: false))
    }

    static func pinLifetime(_ store: any HeraldStore) async throws {
        try await populate(store)
        try await store.setPIN("135246", extension: "4000", byAdministrator: false, now: now)
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now + 59 * day) == .accepted(mustChange: false))
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now + 60 * day - 1) == .accepted(mustChange: false))
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now + 60 * day) == .accepted(mustChange: true))
        try await store.setPIN("246813", extension: "4000", byAdministrator: false, now: now + 60 * day)
        #expect(try await store.verifyPIN("246813", extension: "4000", now: now + 61 * day) == .accepted(mustChange: false))
    }

    static func failuresResetAndLockout(_ store: any HeraldStore) async throws {
        try await populate(store)
        try await store.setPIN("135246", extension: "4000", byAdministrator: false, now: now)
        for failure in 1...4 {
            #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: failure, wasReset: false))
        }
        // The fifth failure resets the PIN: even the right one no longer works.
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: 5, wasReset: true))
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now) == .noPIN)
        // Bob is not affected.
        try await store.setPIN("135246", extension: "4001", byAdministrator: false, now: now)
        #expect(try await store.verifyPIN("135246", extension: "4001", now: now) == .accepted(mustChange: false))

        // A new PIN from the administrator does not forgive the failures: the count goes on to the lockout.
        try await store.setPIN("246813", extension: "4000", byAdministrator: true, now: now)
        for failure in 6...14 {
            #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: failure, wasReset: false))
        }
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .locked)
        #expect(try await store.verifyPIN("246813", extension: "4000", now: now) == .locked)
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .locked)
        #expect(try await store.verifyPIN("246813", extension: "+12025550100", now: now) == .locked)

        try await store.unlock(extension: "4000")
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: 1, wasReset: false))
        #expect(try await store.verifyPIN("246813", extension: "4000", now: now) == .accepted(mustChange: true))
        #expect(await refusal { try await store.unlock(extension: "4999") } == .unknownMailbox("4999"))
    }

    static func successClearsFailures(_ store: any HeraldStore) async throws {
        try await populate(store)
        try await store.setPIN("135246", extension: "4000", byAdministrator: false, now: now)
        for failure in 1...4 {
            #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: failure, wasReset: false))
        }
        #expect(try await store.verifyPIN("135246", extension: "4000", now: now) == .accepted(mustChange: false))
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: 1, wasReset: false))
    }

    static func concurrentFailures(_ store: any HeraldStore) async throws {
        try await populate(store)
        try await store.setPIN("135246", extension: "4000", byAdministrator: false, now: now)
        let verdicts = try await withThrowingTaskGroup(of: PINVerification.self) { group in
            for _ in 1...4 {
                group.addTask { try await store.verifyPIN("000000", extension: "4000", now: now) }
            }
            return try await group.reduce(into: [PINVerification]()) { $0.append($1) }
        }
        #expect(Set(verdicts) == Set((1...4).map { PINVerification.wrong(failuresInARow: $0, wasReset: false) }))
        #expect(try await store.verifyPIN("000000", extension: "4000", now: now) == .wrong(failuresInARow: 5, wasReset: true))
    }

    static func noPINAndUnknownMailboxes(_ store: any HeraldStore) async throws {
        try await populate(store)
        #expect(try await store.verifyPIN("135246", extension: "4001", now: now) == .noPIN)
        #expect(try await store.verifyPIN("135246", extension: "4001", now: now) == .noPIN)
        #expect(await refusal { _ = try await store.verifyPIN("135246", extension: "4999", now: now) } == .unknownMailbox("4999"))
        try await store.setPIN("135246", extension: "4001", byAdministrator: false, now: now)
        try await store.disableMailbox(extension: "4001")
        #expect(await refusal { _ = try await store.verifyPIN("135246", extension: "4001", now: now) } == .unknownMailbox("4001"))
        // Re-enabled, the mailbox keeps its PIN.
        try await store.enableMailbox(bob)
        #expect(try await store.verifyPIN("135246", extension: "4001", now: now) == .accepted(mustChange: false))
    }

    static func seedDemo(_ store: any HeraldStore) async throws {
        try await store.seedDemo(now: now)
        let demo = DirectorySnapshot.demo
        let seeded = try await store.snapshot()
        #expect(seeded.dialPlans == demo.dialPlans)
        #expect(seeded.gateways == demo.gateways)
        #expect(seeded.users == demo.users)
        #expect(seeded.autoAttendants == demo.autoAttendants)
        #expect(seeded == demo)
        #expect(try await store.verifyPIN(DirectorySnapshot.demoPIN, extension: "4000", now: now) == .accepted(mustChange: false))
        #expect(try await store.verifyPIN(DirectorySnapshot.demoPIN, extension: "+12025550103", now: now) == .accepted(mustChange: false))

        // Seeding again changes nothing, not even a PIN the user changed since.
        try await store.setPIN("246813", extension: "4001", byAdministrator: false, now: now)
        try await store.seedDemo(now: now + day)
        #expect(try await store.snapshot() == seeded)
        #expect(try await store.verifyPIN("246813", extension: "4001", now: now + day) == .accepted(mustChange: false))
        #expect(try await store.verifyPIN(DirectorySnapshot.demoPIN, extension: "4000", now: now + day) == .accepted(mustChange: false))
    }

    static func messages(_ store: any HeraldStore) async throws {
        try await store.addDialPlan(main)
        try await store.enableMailbox(alice)
        try await store.enableMailbox(bob)
        func message(_ offset: TimeInterval, urgent: Bool = false, mailbox: String = "4000") -> VoiceMessage {
            VoiceMessage(
                mailbox: mailbox, urgent: urgent, received: now + offset, durationMilliseconds: 4_200, senderName: "Bob Brown",
                senderNumber: "4001", senderExtension: "4001", audioFile: "mailboxes/\(mailbox)/messages/\(offset).wav",
                sizeBytes: 1_000 + Int(offset))
        }
        let old = message(0)
        let newer = message(60)
        let urgent = message(30, urgent: true)
        let external = VoiceMessage(
            mailbox: "4000", received: now + 90, durationMilliseconds: 2_000, senderNumber: "+12025550199",
            audioFile: "mailboxes/4000/messages/x.wav", introductionFile: "mailboxes/4000/messages/x-intro.wav",
            introductionMilliseconds: 900, sizeBytes: 10)
        for item in [old, newer, urgent, external] { try await store.addMessage(item) }
        try await store.addMessage(message(10, mailbox: "4001"))
        #expect(await refusal { try await store.addMessage(old) } == .duplicateMessage(old.id.uuidString))
        #expect(await refusal { try await store.addMessage(message(5, mailbox: "4999")) } == .unknownMailbox("4999"))

        // Urgent first, then newest first; any of the mailbox's numbers finds them; values come back whole.
        #expect(try await store.messages(mailbox: "4000") == [urgent, external, newer, old])
        #expect(try await store.messages(mailbox: "+12025550100").map(\.id) == [urgent, external, newer, old].map(\.id))
        #expect(try await store.messages(mailbox: "4001").count == 1)
        #expect(await refusal { _ = try await store.messages(mailbox: "4999") } == .unknownMailbox("4999"))

        try await store.moveMessage(old.id, to: .deleted)
        try await store.moveMessage(newer.id, to: .saved)
        let folders = try await store.messages(mailbox: "4000").map { $0.folder }
        #expect(folders == [.new, .new, .saved, .deleted])
        try await store.moveMessage(old.id, to: .saved)
        #expect(try await store.messages(mailbox: "4000").last?.folder == .saved)
        let missing = UUID()
        #expect(await refusal { try await store.moveMessage(missing, to: .saved) } == .unknownMessage(missing.uuidString))

        // Deleted messages still take space until purged.
        try await store.moveMessage(urgent.id, to: .deleted)
        #expect(try await store.mailboxUsage(mailbox: "4000") == 1_000 + 1_060 + 1_030 + 10)
        #expect(try await store.mailboxUsage(mailbox: "4001") == 1_010)
        #expect(await refusal { _ = try await store.mailboxUsage(mailbox: "4999") } == .unknownMailbox("4999"))
    }

    static func mailboxSettings(_ store: any HeraldStore) async throws {
        try await store.addDialPlan(main)
        try await store.enableMailbox(alice)
        #expect(alice.keyMap == UMUser.defaultKeyMap && !alice.enrolled && !alice.awayGreetingOn)
        try await store.updateMailboxSettings(extension: "+12025550100", MailboxSettings(awayGreetingOn: true, keyMap: "cisco-unity", enrolled: true))
        var expected = alice
        expected.awayGreetingOn = true
        expected.keyMap = "cisco-unity"
        expected.enrolled = true
        #expect(try await store.mailbox(extension: "4000") == expected)
        #expect(try await store.snapshot().users == [expected])
        #expect(await refusal { try await store.updateMailboxSettings(extension: "4999", MailboxSettings(awayGreetingOn: false, keyMap: "exchange", enrolled: true)) }
                == .unknownMailbox("4999"))
    }
}
