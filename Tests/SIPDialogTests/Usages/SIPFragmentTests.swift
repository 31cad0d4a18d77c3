import SIPMessage
import Testing
@testable import SIPDialog

@Suite("message/sipfrag (RFC 3420)")
struct SIPFragmentTests {
    // MARK: - RFC 3420 §3.1 valid parts

    @Test("RFC 3420 §3.1: a request line alone")
    func requestLineOnly() throws {
        let fragment = try SIPFragment(parsing: "INVITE sip:alice@atlanta.com SIP/2.0\r\n")
        guard case .request(let method, let uri, let version) = fragment.startLine else {
            Issue.record("expected a request line")
            return
        }
        #expect(method == .invite)
        #expect(uri.serialized == "sip:alice@atlanta.com")
        #expect(version == "SIP/2.0")
        #expect(fragment.headers.isEmpty)
        #expect(fragment.statusCode == nil)
    }

    @Test("RFC 3420 §3.1: a status line alone")
    func statusLineOnly() throws {
        let fragment = try SIPFragment(parsing: "SIP/2.0 603 Declined\r\n")
        #expect(fragment.statusCode == 603)
        #expect(fragment.reasonPhrase == "Declined")
        #expect(fragment.headers.isEmpty)
        #expect(fragment.body.isEmpty)
    }

    @Test("RFC 3420 §3.1: a REGISTER subset with a folded Contact")
    func registerSubset() throws {
        let text = """
            REGISTER sip:atlanta.com SIP/2.0\r
            To: sip:alice@atlanta.com\r
            Contact: <sip:alicepc@atlanta.com>;q=0.9,\r
                     <sip:alicemobile@atlanta.com>;q=0.1\r

            """
        let fragment = try SIPFragment(parsing: text)
        guard case .request(let method, _, _) = fragment.startLine else {
            Issue.record("expected a request line")
            return
        }
        #expect(method == .register)
        #expect(fragment.headers.count == 2)
        #expect(try fragment.headers.to.uri.serialized == "sip:alice@atlanta.com")
        let contacts = try fragment.headers.contact?.addresses.map(\.uri.serialized)
        #expect(contacts == ["sip:alicepc@atlanta.com", "sip:alicemobile@atlanta.com"])
    }

    @Test("RFC 3420 §3.1: a status line with a Warning")
    func statusWithWarning() throws {
        let fragment = try SIPFragment(parsing: "SIP/2.0 400 Bad Request\r\nWarning: 399 atlanta.com Your Event header field was malformed\r\n")
        #expect(fragment.statusCode == 400)
        #expect(fragment.headers[.warning] == "399 atlanta.com Your Event header field was malformed")
    }

    @Test("RFC 3420 §3.1: headers without a start line")
    func headersOnly() throws {
        let text = """
            From: Alice <sip:alice@atlanta.com>\r
            To: Bob <sip:bob@biloxi.com>\r
            Contact: <sip:alice@pc33.atlanta.com>\r
            Date: Thu, 21 Feb 2002 13:02:03 GMT\r
            Call-ID: a84b4c76e66710\r
            Cseq: 314159 INVITE\r

            """
        let fragment = try SIPFragment(parsing: text)
        #expect(fragment.startLine == nil)
        #expect(fragment.headers.count == 6)
        #expect(try fragment.headers.cseq == SIPCSeq(314_159, .invite))
        #expect(try fragment.headers.callID == "a84b4c76e66710")
        #expect(try fragment.headers.from.displayName == "Alice")
    }

    @Test("a body after the empty line, cut to Content-Length")
    func body() throws {
        let fragment = try SIPFragment(parsing: "SIP/2.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nHi there!extra")
        #expect(fragment.statusCode == 200)
        #expect(fragment.body == Array("Hi there!".utf8))
        #expect(try fragment.headers.contentType == SIPMediaType("text", "plain"))
    }

    @Test("bare LF line ends and no final line end", arguments: ["SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing\n", "SIP/2.0 180 Ringing\r\n\r\n"])
    func lenientLineEnds(text: String) throws {
        let fragment = try SIPFragment(parsing: text)
        #expect(fragment.statusCode == 180)
        #expect(fragment.reasonPhrase == "Ringing")
    }

    // MARK: - Invalid parts (RFC 3420 §3.2)

    @Test("invalid fragments", arguments: [
        "To: sip:bob@biloxi.com\r\nSIP/2.0 200 OK\r\n",          // a start line after a header
        " folded without a header\r\n",                          // continuation first
        "SIP/2.0 2000 OK\r\n",                                   // four-digit status
        "SIP/2.0 099 Odd\r\n",                                   // status below 100
        "INVITE sip:bob@biloxi.com\r\n",                         // request line without version
        "hello world\r\n",                                       // neither
        "SIP/2.0 200 OK\r\nContent-Length: 20\r\n\r\nshort",     // Content-Length beyond the body
    ])
    func invalid(text: String) {
        #expect(throws: DialogUsageError.self) { try SIPFragment(parsing: text) }
    }

    // MARK: - Building

    @Test("building status-line fragments as REFER NOTIFYs carry them (RFC 3515 §2.4.5)", arguments: [
        (100, "SIP/2.0 100 Trying\r\n"), (180, "SIP/2.0 180 Ringing\r\n"), (200, "SIP/2.0 200 OK\r\n"),
        (486, "SIP/2.0 486 Busy Here\r\n"), (503, "SIP/2.0 503 Service Unavailable\r\n"),
    ])
    func build(status: Int, expected: String) throws {
        let fragment = SIPFragment(statusCode: status)
        #expect(String(decoding: fragment.bytes, as: UTF8.self) == expected)
        #expect(try SIPFragment(parsing: fragment.bytes) == fragment)
    }

    @Test("building a fragment with headers and a body round-trips")
    func buildWithBody() throws {
        var headers = SIPHeaders()
        headers.append(.contentType, "text/plain")
        headers.append(.contentLength, "2")
        let fragment = SIPFragment(statusCode: 603, reasonPhrase: "Declined", headers: headers)
        var withBody = fragment
        withBody.body = Array("no".utf8)
        #expect(String(decoding: withBody.bytes, as: UTF8.self) == "SIP/2.0 603 Declined\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nno")
        #expect(try SIPFragment(parsing: withBody.bytes) == withBody)
    }
}
