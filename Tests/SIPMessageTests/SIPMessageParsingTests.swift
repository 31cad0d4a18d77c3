import Testing
@testable import SIPMessage

@Suite("Message parsing (RFC 3261 §7)")
struct SIPMessageParsingTests {
    @Test func requestLineAndMandatoryHeaders() throws {
        let message = try SIPMessage(parsing: invite())
        #expect(message.method == .invite)
        #expect(message.requestURI?.user == "5000")
        #expect(try message.headers.cseq == SIPCSeq(314159, .invite))
        #expect(try message.headers.callID == "a84b4c76e66710@pc33.example.com")
        #expect(try message.headers.from.displayName == "Bob Brown")
        #expect(try message.headers.from.tag == "1928301774")
        #expect(try message.headers.to.tag == nil)
        #expect(try message.headers.maxForwards == 70)
        #expect(try message.headers.topVia.branch == "z9hG4bK776asdhds")
        #expect(try message.headers.topVia.rport == .requested)
        try message.validate()
    }

    @Test func statusLine() throws {
        let message = try SIPMessage(parsing: sipText(
            "SIP/2.0 486 Busy Here", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:a@b>;tag=x", "From: <sip:c@d>;tag=y",
            "Call-ID: 1", "CSeq: 1 INVITE", "Content-Length: 0", "", ""))
        #expect(message.statusCode == 486)
        #expect(message.reasonPhrase == "Busy Here")
        try message.validate()
    }

    @Test func emptyReasonPhraseIsAllowed() throws {
        let message = try SIPMessage(parsing: sipText("SIP/2.0 200 ", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Content-Length: 0", "", ""))
        #expect(message.reasonPhrase == "")
    }

    @Test func compactFormsAndCaseInsensitiveNames() throws {
        let message = try SIPMessage(parsing: sipText(
            "OPTIONS sip:herald@192.0.2.20 SIP/2.0", "v: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bKa", "MAX-FORWARDS: 70",
            "t: <sip:herald@192.0.2.20>", "f: <sip:sps@192.0.2.10>;tag=1", "i: opt1", "cseq: 2 OPTIONS", "k: timer, replaces",
            "m: <sip:sps@192.0.2.10>", "l: 0", "", ""))
        #expect(try message.headers.supported == ["timer", "replaces"])
        #expect(message.headers.first(.via)?.line.hasPrefix("v:") == true)
        #expect(message.headers[.maxForwards] == "70")
        try message.validate()
    }

    @Test func foldedHeadersAreUnfolded() throws {
        let message = try SIPMessage(parsing: invite(extraHeaders: ["Subject: I know you're there,", "   pick up the phone", "\tand talk to me!"]))
        #expect(message.headers.first(.subject)?.unfoldedValue == "I know you're there, pick up the phone and talk to me!")
        let folded = try SIPMessage(parsing: sipText(
            "BYE sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1,", " SIP/2.0/UDP g;branch=z9hG4bK2", "To: <sip:a@b>;tag=1",
            "From: <sip:c@d>;tag=2", "Call-ID: x", "CSeq: 2 BYE", "Max-Forwards: 70", "Content-Length: 0", "", ""))
        #expect(try folded.headers.via.map(\.host) == ["h", "g"])
    }

    @Test func multipleValuesInOneHeaderAndAcrossRepeatedHeaders() throws {
        let message = try SIPMessage(parsing: invite(extraHeaders: [
            "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>", "Route: <sip:p3.example.com;lr>",
        ]))
        #expect(try message.headers.route.map(\.uri.host) == ["p1.example.com", "p2.example.com", "p3.example.com"])
        #expect(try message.headers.route.allSatisfy(\.uri.isLooseRouter))
    }

    @Test func unknownHeadersPassThroughInOrder() throws {
        let text = invite(extraHeaders: ["X-Nortel-Trunk: 12", "P-Weird:   spaced   value", "x-lower: a"])
        let message = try SIPMessage(parsing: text)
        let unknown = message.headers.filter { $0.name.canonical.lowercased().hasPrefix("x-") || $0.name.canonical.hasPrefix("P-W") }
        #expect(unknown.map(\.line) == ["X-Nortel-Trunk: 12", "P-Weird:   spaced   value", "x-lower: a"])
        #expect(unknown[1].value == "spaced   value")
    }

    @Test func forwardedMessageKeepsTheBytesOfUntouchedHeaders() throws {
        let text = invite(extraHeaders: ["X-Odd :  value  ", "to-be-removed: 1", "Subject:folded", "  line"])
        var message = try SIPMessage(parsing: text)
        message.headers.prepend(.via, "SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKnew")
        message.headers.remove(SIPHeaderName("to-be-removed"))
        let out = String(decoding: message.bytes, as: UTF8.self)
        #expect(out.contains("\r\nX-Odd :  value  \r\n"))
        #expect(out.contains("\r\nSubject:folded\r\n  line\r\n"))
        #expect(out.contains("Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKnew\r\nVia: SIP/2.0/UDP 192.0.2.10:5060"))
        #expect(!out.contains("to-be-removed"))
    }

    @Test func serializationRoundTrips() throws {
        let body = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n"
        let message = try SIPMessage(parsing: invite(body: body))
        #expect(message.body == Array(body.utf8))
        #expect(try SIPMessage(parsing: message.bytes) == message)
        #expect(message.bytes == Array(invite(body: body).utf8))
    }

    @Test func leadingCRLFsAreIgnoredAndBareLFIsTolerated() throws {
        let message = try SIPMessage(parsing: "\r\n\r\n" + invite().replacingCRLF())
        #expect(message.method == .invite)
        try message.validate()
    }

    @Test func datagramBodyIsCutToContentLength() throws {
        let message = try SIPMessage(parsing: invite(body: "v=0\r\n") + "garbage after the body")
        #expect(message.body == Array("v=0\r\n".utf8))
    }

    @Test func contentLengthBeyondDataIsRejected() {
        let text = invite(body: "v=0\r\n").replacingOccurrences("Content-Length: 5", "Content-Length: 50")
        #expect(throws: SIPMessageError.self) { try SIPMessage(parsing: text) }
        do {
            _ = try SIPMessage(parsing: text)
        } catch {
            #expect(error.statusCode == 400)
            #expect(error.header == "Content-Length")
        }
    }

    @Test func parseErrorsNameTheLine() {
        let text = sipText("INVITE sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "This line has no colon", "", "")
        do {
            _ = try SIPMessage(parsing: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("line 3"))
            #expect(error.statusCode == 400)
        }
    }

    @Test func typedHeaderErrorsNameLineAndHeader() throws {
        let message = try SIPMessage(parsing: invite(extraHeaders: ["Diversion: <sip:4000@h;reason=no-answer"]))
        do {
            _ = try message.headers.diversion
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 9)
            #expect(error.header == "Diversion")
            #expect(error.reason.contains("'>'"))
        }
    }

    @Test(arguments: [
        (SIPParseLimits(maxHeaderBytes: 200), 513),
        (SIPParseLimits(maxHeaderCount: 4), 513),
        (SIPParseLimits(maxHeaderLineLength: 30), 513),
        (SIPParseLimits(maxBodyBytes: 4), 413),
    ])
    func limitsGiveTypedErrors(_ limits: SIPParseLimits, _ status: Int) {
        do {
            _ = try SIPMessage(parsing: Array(invite(body: "v=0\r\no=x\r\n").utf8), limits: limits)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.statusCode == status)
        }
    }

    @Test func versionOtherThan20Is505() {
        do {
            _ = try SIPMessage(parsing: invite().replacingOccurrences("SIP/2.0\r\nVia", "SIP/7.0\r\nVia"))
            Issue.record("expected an error")
        } catch {
            #expect(error.statusCode == 505)
        }
    }

    @Test func validationCatchesInconsistencies() throws {
        func status(_ text: String) -> Int? {
            do {
                try SIPMessage(parsing: text).validate()
                return nil
            } catch {
                return error.statusCode
            }
        }
        #expect(status(invite().replacingOccurrences("CSeq: 314159 INVITE", "CSeq: 314159 BYE")) == 400)
        #expect(status(invite().replacingOccurrences("CSeq: 314159 INVITE", "CSeq: 2147483648 INVITE")) == 400)
        #expect(status(invite().replacingOccurrences("Max-Forwards: 70", "Max-Forwards: 256")) == 400)
        #expect(status(invite().replacingOccurrences("Max-Forwards: 70\r\n", "")) == nil)  // RFC 2543 elements omit it
        #expect(status(invite().replacingOccurrences("Call-ID: a84b4c76e66710@pc33.example.com\r\n", "")) == 400)
        #expect(status(invite(extraHeaders: ["To: <sip:other@x>"])) == 400)
        #expect(status(invite().replacingOccurrences("sip:5000@192.0.2.20 SIP", "http://example.com/ SIP")) == 416)
        #expect(status(invite(body: "v=0\r\n", contentType: nil)) == 400)
        #expect(status(invite()) == nil)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    func replacingCRLF() -> String { replacingOccurrences("\r\n", "\n") }
}
