import Foundation
import Testing

@Suite("herald explain-call, run as a process")
struct ExplainCallCommandTests {
    static let corpus = HeraldExecutable.repositoryRoot.appendingPathComponent("Tests/SIPMessageTests/Corpus/pbx")

    /// The flow line each corpus INVITE must produce against the demo directory when it comes from the demo gateway.
    static let expected: [(file: String, flow: String)] = [
        ("cisco-cucm-cfna.sip", "flow: call answering for 4001 (Bob Brown), no-answer, standard greeting"),
        ("cisco-cucm-busy.sip", "flow: call answering for 4000 (Alice Anderson), user-busy, busy greeting"),
        ("avaya-cm-history-info.sip", "flow: call answering for 4002 (Carol Clark), no-answer, standard greeting"),
        ("nortel-cs1000-sps-cfna.sip", "flow: call answering for 4003 (David Davis), no-answer, standard greeting"),
        ("nortel-cs1000-voicemail-button.sip", "flow: voicemail button for 4000 (Alice Anderson): straight to the PIN"),
        ("asterisk-direct-pilot.sip", "flow: subscriber access (dial plan Demo): welcome, extension, PIN"),
        ("teams-sbc-history-info.sip", "flow: call answering for 4001 (Bob Brown), no-answer, standard greeting"),
        ("auto-attendant-direct.sip", "flow: auto attendant \"Main\""),
    ]

    @Test("each captured INVITE is explained down to its flow", arguments: expected.map(\.file))
    func explained(file: String) async throws {
        let flow = try #require(Self.expected.first { $0.file == file }).flow
        let result = try await HeraldExecutable.run(["explain-call", "--source", "127.0.0.1", Self.corpus.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("gateway: 127.0.0.1 is \"loopback\""))
        #expect(result.stdout.contains("diversion: Diversion"))
        #expect(result.stdout.hasSuffix(flow + "\n"), "\(result.stdout)")
    }

    @Test("an INVITE from a host that is no gateway would be refused with 403")
    func unknownGateway() async throws {
        let result = try await HeraldExecutable.run(["explain-call", Self.corpus.appendingPathComponent("unknown-gateway.sip").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("gateway: 203.0.113.66 is not a configured UM IP gateway"))
        #expect(result.stdout.contains("flow: refused with 403"))
    }

    @Test("something that is not an INVITE is an error naming the file")
    func notAnInvite() async throws {
        let result = try await HeraldExecutable.run(["explain-call", "-"], stdin: Data("OPTIONS sip:x SIP/2.0\r\n\r\n".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("-: not an INVITE Herald would accept"))
    }
}
