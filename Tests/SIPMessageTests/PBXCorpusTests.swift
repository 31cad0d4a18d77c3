import Foundation
import Testing
@testable import SIPMessage

/// A row of Corpus/pbx/manifest.tsv: what a voicemail server must read from a real-world INVITE.
struct PBXEntry: CustomTestStringConvertible, Sendable {
    let file, pbx, called, caller, diversionSource, divertingParty, reason, scenario: String
    var testDescription: String { file }

    static func load() -> [PBXEntry] {
        guard let url = Bundle.module.url(forResource: "Corpus/pbx/manifest", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return PBXEntry(file: f[0], pbx: f[1], called: f[2], caller: f[3], diversionSource: f[4], divertingParty: f[5], reason: f[6], scenario: f[7])
        }
    }
}

@Suite("Real-world PBX INVITEs to a voicemail pilot")
struct PBXCorpusTests {
    @Test func corpusIsPresent() { #expect(PBXEntry.load().count >= 14) }

    @Test(arguments: PBXEntry.load())
    func diversionInformation(_ entry: PBXEntry) throws {
        let url = try #require(Bundle.module.url(forResource: "Corpus/pbx/\(entry.file)", withExtension: nil))
        let message = try SIPMessage(parsing: Array(try Data(contentsOf: url)))
        try message.validate()
        #expect(try SIPMessage(parsing: message.bytes) == message)

        let toNumber = try message.headers.to.uri.telephoneNumber
        #expect(message.requestURI?.telephoneNumber == entry.called || toNumber == entry.called)
        let callers = try [message.headers.from.uri] + message.headers.pAssertedIdentity.map(\.uri) + message.headers.remotePartyID.map(\.uri)
        #expect(callers.contains { $0.telephoneNumber == entry.caller })

        let redirections: [SIPRedirection]
        switch entry.diversionSource {
        case "Diversion": redirections = try message.headers.redirectionsFromDiversion
        case "History-Info": redirections = try message.headers.redirectionsFromHistoryInfo
        default:
            #expect(try message.headers.redirectionsFromDiversion.isEmpty)
            #expect(try message.headers.redirectionsFromHistoryInfo.isEmpty)
            return
        }
        // The most recent diversion names the mailbox (RFC 5806 §4; RFC 7044 §4.3).
        let latest = try #require(redirections.last)
        #expect(latest.party.telephoneNumber == entry.divertingParty)
        #expect(latest.reason.rawValue == entry.reason)
    }
}
