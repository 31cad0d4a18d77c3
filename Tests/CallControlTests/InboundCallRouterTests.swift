import CallControl
import Directory
import Foundation
import SIPMessage
import Testing

/// One line of the PBX corpus manifest (Tests/SIPMessageTests/Corpus/pbx/manifest.tsv).
struct CorpusCase: Sendable, CustomStringConvertible {
    let file: String
    let caller: String
    let divertingParty: String
    let reason: String
    let scenario: String
    var description: String { file }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../SIPMessageTests/Corpus/pbx").standardizedFileURL

    static let all: [CorpusCase] = {
        guard let manifest = try? String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8) else { return [] }
        return manifest.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return CorpusCase(file: fields[0], caller: fields[3], divertingParty: fields[5], reason: fields[6], scenario: fields[7])
        }
    }()

    func message() throws -> SIPMessage {
        try SIPMessage(parsing: Array(Data(contentsOf: Self.directory.appendingPathComponent(file))))
    }
}

/// The source address of a captured INVITE: its top Via's `received`, else its sent-by host.
func sourceHost(of invite: SIPMessage) throws -> String {
    let via = try invite.headers.topVia
    return via.received ?? via.host
}

@Suite("inbound call routing over real PBX INVITEs")
struct InboundCallRouterTests {
    let router = InboundCallRouter(directory: CorpusDirectory.snapshot)

    @Test("every INVITE of the corpus reaches the flow its manifest names", arguments: CorpusCase.all)
    func corpus(_ entry: CorpusCase) throws {
        let invite = try entry.message()
        let decision = router.route(invite, sourceHost: try sourceHost(of: invite))
        switch (entry.scenario, decision.flow) {
        case ("call-answering", .callAnswering(let user, let reason, let greeting)):
            #expect(user.extensions.contains(entry.divertingParty), "\(decision.explanation)")
            #expect(reason.rawValue == entry.reason)
            #expect(greeting == (entry.reason == "user-busy" ? .busy : .standard))
        case ("voicemail-button", .voicemailButton(let user)):
            #expect(user.extensions.contains(entry.divertingParty))
        case ("subscriber-access", .subscriberAccess(let plan)):
            #expect(plan == "Demo")
        case ("auto-attendant", .autoAttendant(let attendant)):
            #expect(attendant.numbers.contains("5005"))
        case ("refused-unknown-gateway", .refused(let status, _)):
            #expect(status == 403)
        default:
            Issue.record("\(entry.file): expected \(entry.scenario), got \(decision.flow.summary)\n\(decision.explanation.joined(separator: "\n"))")
        }
        #expect(decision.explanation.last?.hasPrefix("flow: ") == true)
    }

    @Test("the corpus manifest was found")
    func corpusPresent() {
        #expect(CorpusCase.all.count >= 14)
    }

    @Test("an internal caller is named from the directory, an external one kept as its number")
    func callerIdentity() throws {
        let inside = try #require(CorpusCase.all.first { $0.file == "cisco-cucm-cfna.sip" }).message()
        #expect(router.route(inside, sourceHost: "192.0.2.10").caller.user?.displayName == "Carol Clark")
        let external = try #require(CorpusCase.all.first { $0.file == "external-caller-cfna.sip" }).message()
        let caller = router.route(external, sourceHost: "192.0.2.50").caller
        #expect(caller.user == nil)
        #expect(caller.number == "+12025550177")
        #expect(caller.spokenDescription == "+12025550177")
    }

    @Test("a diversion from a number that is no mailbox is answered with the apology")
    func unknownMailbox() throws {
        let invite = try SIPMessage(parsing: Array(Self.invite(diversion: "<sip:4999@pbx>;reason=no-answer").utf8))
        #expect(router.route(invite, sourceHost: "127.0.0.1").flow == .mailboxUnavailable(number: "4999"))
    }

    @Test("the away greeting overrides the busy one, and a disabled mailbox takes no message")
    func greetingsAndDisabled() throws {
        var directory = CorpusDirectory.snapshot
        directory.users[0].awayGreetingOn = true
        directory.users[1].enabled = false
        let router = InboundCallRouter(directory: directory)
        let busy = try SIPMessage(parsing: Array(Self.invite(diversion: "<sip:4000@pbx>;reason=user-busy").utf8))
        guard case .callAnswering(_, .userBusy, .away) = router.route(busy, sourceHost: "127.0.0.1").flow else {
            Issue.record("away greeting expected")
            return
        }
        let disabled = try SIPMessage(parsing: Array(Self.invite(diversion: "<sip:4001@pbx>;reason=no-answer").utf8))
        #expect(router.route(disabled, sourceHost: "127.0.0.1").flow == .mailboxUnavailable(number: "4001"))
    }

    @Test("the original entry wins when the profile says so")
    func originalEntry() throws {
        var directory = CorpusDirectory.snapshot
        directory.gateways[0].profile.diversionEntry = .original
        let invite = try SIPMessage(parsing: Array(Self.invite(
            diversion: "<sip:4001@pbx>;reason=no-answer, <sip:4000@pbx>;reason=unconditional").utf8))
        guard case .callAnswering(let user, .unconditional, _) = InboundCallRouter(directory: directory).route(invite, sourceHost: "127.0.0.1").flow else {
            Issue.record("call answering expected")
            return
        }
        #expect(user.primaryExtension == "4000")
    }

    static func invite(to number: String = "5000", from caller: String = "4002", diversion: String?) -> String {
        var text = """
            INVITE sip:\(number)@127.0.0.1 SIP/2.0\r
            Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-test\r
            Max-Forwards: 70\r
            From: <sip:\(caller)@127.0.0.1>;tag=a\r
            To: <sip:\(number)@127.0.0.1>\r
            Call-ID: router-test\r
            CSeq: 1 INVITE\r
            Contact: <sip:\(caller)@127.0.0.1:5062>\r

            """
        if let diversion { text += "Diversion: \(diversion)\r\n" }
        return text + "Content-Length: 0\r\n\r\n"
    }
}
