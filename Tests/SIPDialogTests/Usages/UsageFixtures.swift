import SIPMessage
@testable import SIPDialog

/// Messages as they arrive on the wire, for the dialog-usage tests: Alice (atlanta) calls Bob (biloxi).
enum UsageFixtures {
    /// The Via our test drivers put on the requests they build.
    static let via = SIPVia(transport: "UDP", host: "192.0.2.1", port: 5060, branch: "z9hG4bKusage1")
    /// Our Contact.
    static let contact = SIPURI(user: "herald", host: "192.0.2.1")

    /// Parses a message from its lines (CRLF joined, empty line and body appended).
    static func message(_ lines: [String], body: String = "") throws -> SIPMessage {
        var all = lines
        if !body.isEmpty { all.append("Content-Length: \(body.utf8.count)") }
        return try SIPMessage(parsing: (all + ["", ""]).joined(separator: "\r\n") + body)
    }

    /// A request from Alice to Bob in Call-ID `a84b4c76e66710`, plus `extra` header lines.
    static func request(
        _ method: String, cseq: Int = 1, toTag: String? = nil, extra: [String] = [], body: String = ""
    ) throws -> SIPMessage {
        try message([
            "\(method) sip:bob@biloxi.example.com SIP/2.0",
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
            "Max-Forwards: 70",
            "To: Bob <sip:bob@biloxi.example.com>" + (toTag.map { ";tag=" + $0 } ?? ""),
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: \(cseq) \(method)",
            "Contact: <sip:alice@pc33.atlanta.example.com>",
        ] + extra, body: body)
    }

    /// A response to a request Alice sent, with Bob's tag.
    static func response(
        _ status: Int, _ phrase: String? = nil, method: String = "INVITE", cseq: Int = 1, extra: [String] = [], body: String = ""
    ) throws -> SIPMessage {
        try message([
            "SIP/2.0 \(status) \(phrase ?? SIPStatus.reasonPhrase(for: status))",
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
            "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: \(cseq) \(method)",
            "Contact: <sip:bob@192.0.2.4>",
        ] + extra, body: body)
    }

    /// Bob's dialog as UAS of Alice's INVITE.
    static func uasDialog() throws -> Dialog {
        try Dialog(uasFor: try request("INVITE"), localTag: "a6c85cf")
    }

    /// Alice's dialog as UAC of her INVITE, confirmed by Bob's 200.
    static func uacDialog() throws -> Dialog {
        try Dialog(uacFor: try request("INVITE"), response: try response(200))
    }

    /// A `message/sipfrag` body in a NOTIFY's lines.
    static func sipfrag(_ statusLine: String) -> String { statusLine + "\r\n" }

    /// A header field as the machines build them.
    static func field(_ name: SIPHeaderName, _ value: String) -> SIPHeaderField { SIPHeaderField(name, value) }

    /// The header fields of `request` as `Name: value` lines, for readable expectations.
    static func lines(_ fields: [SIPHeaderField]) -> [String] { fields.map { String($0.line) } }
}
