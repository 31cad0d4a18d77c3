import Foundation
import HeraldServer
import SIPMessage
import Testing

@Suite("herald sip check")
struct SIPCheckCommandTests {
    static let corpus = HeraldExecutable.repositoryRoot.appendingPathComponent("Tests/SIPMessageTests/Corpus")

    /// RFC 4475 rows as (file, class) from the manifest in the source tree.
    static func torture(_ kind: String) -> [String] {
        guard let text = try? String(contentsOf: corpus.appendingPathComponent("rfc4475/manifest.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t")
            return f[1] == kind ? String(f[0]) : nil
        }
    }

    @Test func validMessagePrintsCanonicalFormAndExitsZero() async throws {
        let file = HeraldExecutable.repositoryRoot.appendingPathComponent("Samples/cs1000-cfna-invite.sip").path
        let result = try await HeraldExecutable.run(["sip", "check", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("INVITE sip:5000;phone-context=cdp.udp@example.com;user=phone SIP/2.0\r\n"))
        #expect(result.stdout.contains("\r\nDiversion: "))
        #expect(result.stderr.isEmpty)
    }

    @Test func invalidMessageNamesFileLineAndReasonAndExits65() async throws {
        let file = Self.corpus.appendingPathComponent("rfc4475/mismatch01.dat").path
        let result = try await HeraldExecutable.run(["sip", "check", file])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(file): invalid: "))
        #expect(result.stderr.contains("CSeq"))
        #expect(result.stdout.isEmpty)
    }

    @Test func readsStandardInput() async throws {
        let message = "OPTIONS sip:herald@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nTo: <sip:herald@127.0.0.1>\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        let ok = try await HeraldExecutable.run(["sip", "check", "-"], stdin: Data(message.utf8))
        #expect(ok.status == 0)
        let bad = try await HeraldExecutable.run(["sip", "check", "-"], stdin: Data("garbage\r\n\r\n".utf8))
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("-: invalid: line 1"))
    }

    @Test func unreadableFileExits66() async throws {
        let result = try await HeraldExecutable.run(["sip", "check", "/nonexistent/message.sip"])
        #expect(result.status == 66)
    }

    @Test(arguments: torture("valid"))
    func tortureValidMessagesExitZero(_ file: String) async throws {
        let result = try await HeraldExecutable.run(["sip", "check", Self.corpus.appendingPathComponent("rfc4475/\(file)").path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: torture("invalid"))
    func tortureInvalidMessagesExit65(_ file: String) async throws {
        let result = try await HeraldExecutable.run(["sip", "check", Self.corpus.appendingPathComponent("rfc4475/\(file)").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains(": invalid: "))
    }

    @Test func manyFilesReportEachAndExit65IfAnyIsInvalid() async throws {
        let files = ["wsinv.dat", "badvers.dat", "esc01.dat"].map { Self.corpus.appendingPathComponent("rfc4475/\($0)").path }
        let result = try await HeraldExecutable.run(["sip", "check"] + files)
        #expect(result.status == 65)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("badvers.dat: invalid: "))
        #expect(result.stderr.contains("would answer 505"))
    }

    @Test func messageCheckLibrary() {
        guard case .invalid(let error) = MessageCheck.check(Array("INVITE sip:a@b SIP/2.0\r\n\r\n".utf8)) else {
            Issue.record("expected invalid")
            return
        }
        #expect(error.statusCode == 400)
        #expect(MessageCheck.invalidLine(file: "f", error: error).hasPrefix("f: invalid: "))
    }
}
