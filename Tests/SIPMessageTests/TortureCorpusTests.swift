import Foundation
import Testing
@testable import SIPMessage

/// One row of a corpus manifest.tsv.
struct CorpusEntry: CustomTestStringConvertible, Sendable {
    let set: String
    let file: String
    let kind: String
    let expected: String
    let section: String
    let note: String

    var testDescription: String { "\(set)/\(file) (\(kind), \(expected))" }

    var bytes: [UInt8] {
        get throws {
            let url = try #require(Bundle.module.url(forResource: "Corpus/\(set)/\(file)", withExtension: nil))
            return Array(try Data(contentsOf: url))
        }
    }

    static func load(_ set: String) -> [CorpusEntry] {
        guard let url = Bundle.module.url(forResource: "Corpus/\(set)/manifest", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return CorpusEntry(set: set, file: f[0], kind: f[1], expected: f[2], section: f[3], note: f.count > 4 ? f[4] : "")
        }
    }
}

/// What `sip check` (parse + `validate()`) must conclude: nil = valid, else the status of the rejection, or 0 for any.
/// `validate()` does the syntactic and structural checks of RFC 3261 §8.2 that do not depend on what an element
/// supports (416 scheme, 505 version, 400 structure). Method, extension and body-type support (501, 420, 415, 406,
/// 405) are the SIP stack's decisions and are tested there against the same files.
func expectedCheckOutcome(_ entry: CorpusEntry) -> Int?? {
    switch (entry.kind, entry.expected) {
    case ("valid", _), ("backward", _), ("transaction", _): return .some(nil)
    case ("invalid", "reject"): return .some(0)
    case ("invalid", let code): return .some(entry.file == "mismatch02.dat" ? 400 : Int(code))  // RFC: 400 is also acceptable
    case ("application", _):
        switch entry.file {
        case "insuf.dat", "multi01.dat": return .some(400)
        case "unkscm.dat", "novelsc.dat": return .some(416)
        case "mcl01.dat": return .some(0)
        default: return .some(nil)
        }
    default: return nil
    }
}

func checkOutcome(_ bytes: [UInt8]) -> Result<SIPMessage, SIPMessageError> {
    do {
        let message = try SIPMessage(parsing: bytes)
        try message.validate()
        return .success(message)
    } catch {
        return .failure(error)
    }
}

@Suite("RFC 4475 torture messages and RFC 5118 IPv6 messages")
struct TortureCorpusTests {
    @Test func corpusIsComplete() {
        #expect(CorpusEntry.load("rfc4475").count == 49)
        #expect(CorpusEntry.load("rfc5118").count == 12)
    }

    @Test(arguments: CorpusEntry.load("rfc4475"))
    func rfc4475(_ entry: CorpusEntry) throws {
        let outcome = checkOutcome(try entry.bytes)
        let expected = try #require(expectedCheckOutcome(entry), "unclassified entry")
        switch (outcome, expected) {
        case (.success(let message), nil):
            // Valid messages survive a round trip.
            #expect(try SIPMessage(parsing: message.bytes) == message)
        case (.failure(let error), let code?):
            if code != 0 { #expect(error.statusCode == code, "\(error)") }
            #expect(!error.reason.isEmpty)
        case (.success, let code?):
            Issue.record("accepted a message RFC 4475 §\(entry.section) says to reject (\(code)): \(entry.note)")
        case (.failure(let error), nil):
            Issue.record("rejected a message RFC 4475 §\(entry.section) says to accept: \(error)")
        }
    }

    /// Application-layer messages are well formed: the parser itself must not fail on them (RFC 4475 §3.3),
    /// except mcl01, whose conflicting Content-Length values make framing impossible.
    @Test(arguments: CorpusEntry.load("rfc4475").filter { ["application", "transaction", "backward"].contains($0.kind) && $0.file != "mcl01.dat" })
    func semanticMessagesParse(_ entry: CorpusEntry) throws {
        #expect(throws: Never.self) { try SIPMessage(parsing: try entry.bytes) }
    }

    /// The RFC 5118 archive lost its CRs and, for §4.10, its empty line (see Corpus/README.md); restore the wire form.
    static func wireForm(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for b in bytes {
            if b == 0x0A { out.append(0x0D) }
            out.append(b)
        }
        if !out.ends(with: [0x0D, 0x0A, 0x0D, 0x0A]) && !String(decoding: out, as: UTF8.self).contains("\r\n\r\n") {
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// The two RFC 5118 archive files whose Content-Length does not match their body even after CRs are restored.
    static let wrongContentLength: Set<String> = ["ipv6-in-sdp.dat", "mult-ip-in-sdp.dat"]

    /// Sets Content-Length to the real body length (for the archive defect above).
    static func fixingContentLength(_ bytes: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let split = try #require(text.firstRange(of: "\r\n\r\n"))
        let head = text[..<split.lowerBound]
        let body = text[split.upperBound...]
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            line.lowercased().hasPrefix("content-length:") ? "Content-Length: \(body.utf8.count)" : String(line)
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    @Test(arguments: CorpusEntry.load("rfc5118"))
    func rfc5118(_ entry: CorpusEntry) throws {
        var wire = Self.wireForm(try entry.bytes)
        if Self.wrongContentLength.contains(entry.file) {
            // As archived, the Content-Length claims more than the datagram holds or less than the body: RFC 3261
            // §18.3 makes the first a 400. Fixed, the message must be accepted.
            if case .failure(let error) = checkOutcome(wire) { #expect(error.statusCode == 400) }
            wire = try Self.fixingContentLength(wire)
        }
        let outcome = checkOutcome(wire)
        switch outcome {
        case .success(let message):
            #expect(entry.kind == "valid", "accepted \(entry.file): \(entry.note)")
            #expect(try SIPMessage(parsing: message.bytes) == message)
        case .failure(let error):
            #expect(entry.kind == "invalid", "rejected \(entry.file): \(error)")
            if let code = Int(entry.expected) { #expect(error.statusCode == code) }
        }
    }

    /// Specific facts the RFCs spell out about individual messages.
    @Test func rfcDetails() throws {
        func load(_ set: String, _ name: String) throws -> SIPMessage {
            let entry = try #require(CorpusEntry.load(set).first { $0.file == name })
            return try SIPMessage(parsing: set == "rfc5118" ? Self.wireForm(try entry.bytes) : try entry.bytes)
        }
        // §3.1.1.3: escaped user parts decode; §3.1.1.9: the ';' belongs to the user part.
        let esc01 = try load("rfc4475", "esc01.dat")
        #expect(esc01.requestURI?.decodedUser == "sips:user@example.com")
        let semi = try load("rfc4475", "semiuri.dat")
        #expect(semi.requestURI?.decodedUser == "user;par=u@example.net")
        // §3.1.1.4: escaped nulls survive decoding.
        let escnull = try load("rfc4475", "escnull.dat")
        #expect(try escnull.headers.to.uri.decodedUser?.contains("\0") == true)
        // §3.1.1.7: 34 Via values.
        #expect(try load("rfc4475", "longreq.dat").headers.via.count == 34)
        // §3.1.1.8: the REGISTER ends at Content-Length 0; the INVITE after it is ignored.
        let dbl = try load("rfc4475", "dblreq.dat")
        #expect(dbl.method == .register)
        #expect(dbl.body.isEmpty)
        // §3.1.1.11: the binary body is kept byte for byte.
        #expect(try load("rfc4475", "mpart01.dat").body.contains(0))
        // §3.1.1.13: an empty reason phrase.
        #expect(try load("rfc4475", "noreason.dat").reasonPhrase == "")
        // §3.1.1.10: unknown transports are accepted.
        #expect(try load("rfc4475", "transports.dat").headers.via.map(\.transport).contains("UNKNOWN"))
        // §3.4.1: RFC 2543 INVITE: body is the rest of the datagram.
        #expect(try !load("rfc4475", "inv2543.dat").body.isEmpty)
        // RFC 5118 §4.3/§4.4: brackets decide where the port is.
        #expect(try load("rfc5118", "port-ambiguous.dat").requestURI?.port == nil)
        #expect(try load("rfc5118", "port-unambiguous.dat").requestURI?.port == 5070)
        #expect(try load("rfc5118", "via-received-param-with-delim.dat").headers.topVia.received == "[2001:db8::9:255]")
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
