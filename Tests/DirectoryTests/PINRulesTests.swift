import Directory
import Testing

@Suite("PIN policy")
struct PINRulesTests {
    let policy = MailboxPolicy.default

    @Test("Exchange defaults")
    func defaults() {
        #expect(policy.pinMinimumLength == 6)
        #expect(policy.pinHistory == 5)
        #expect(policy.pinLifetimeDays == 60)
        #expect(policy.failuresBeforeReset == 5)
        #expect(policy.failuresBeforeLockout == 15)
    }

    @Test("weak PINs are refused with the reason", arguments: [
        ("12345", PINProblem.tooShort(minimum: 6)), ("12a456", .notDigits), ("", .notDigits),
        ("111111", .repeatedDigit), ("123456", .sequential), ("987654", .sequential), ("890123", .sequential),
        ("400012", .extensionNumber), ("100049", .extensionNumber),
    ])
    func refused(pin: String, problem: PINProblem) {
        #expect(policy.problem(withPIN: pin, extensions: ["4000"], isRecent: false) == problem)
    }

    @Test("good PINs pass; a recent one does not")
    func accepted() {
        #expect(policy.problem(withPIN: "135246", extensions: ["4000"], isRecent: false) == nil)
        #expect(policy.problem(withPIN: "83920174", extensions: ["4000"], isRecent: false) == nil)
        #expect(policy.problem(withPIN: "135246", extensions: ["4000"], isRecent: true) == .recentlyUsed(history: 5))
    }
}

@Suite("directory model")
struct DirectoryModelTests {
    @Test("the demo directory has what the README promises")
    func demo() {
        let demo = DirectorySnapshot.demo
        #expect(demo.dialPlan(pilot: "5000")?.name == "Demo")
        #expect(demo.autoAttendant(number: "5005")?.name == "Main")
        #expect(demo.users.map(\.primaryExtension) == ["4000", "4001", "4002", "4003"])
        #expect(demo.user(number: "4001")?.displayName == "Bob Brown")
        #expect(demo.user(number: "+1 (202) 555-0101")?.email == "bob@example.com")
        #expect(demo.gateway(sourceHost: "127.0.0.1") != nil && demo.gateway(sourceHost: "[::1]") != nil)
        #expect(demo.gateway(sourceHost: "203.0.113.66") == nil)
        #expect(MailboxPolicy.default.problem(withPIN: DirectorySnapshot.demoPIN, extensions: ["4000"], isRecent: false) == nil)
    }

    @Test("every preset is found by name, and the CS 1000 one never sends maddr")
    func presets() {
        for preset in PBXProfile.presets { #expect(PBXProfile.preset(named: preset.name) == preset) }
        #expect(PBXProfile.nortelCS1000.quirks.contains(.noMaddrInContact))
        #expect(PBXProfile.avayaAura.diversionSource == .historyInfo)
        #expect(PBXProfile.ciscoCUCM.greeting(for: .userBusy) == .busy)
        #expect(PBXProfile.ciscoCUCM.greeting(for: .noAnswer) == .standard)
    }

    @Test("extensions follow the dial plan's digit count")
    func extensions() {
        let plan = DialPlan(name: "P", extensionDigits: 4, pilotNumbers: ["5000"])
        #expect(plan.isExtension("4000"))
        #expect(!plan.isExtension("400"))
        #expect(!plan.isExtension("40a0"))
    }
}
