/// Builds a message text with CRLF line ends from lines, for readable tests.
func sipText(_ lines: String...) -> String {
    lines.joined(separator: "\r\n")
}

/// A minimal valid INVITE with extra header lines and an optional body.
func invite(extraHeaders: [String] = [], body: String = "", contentType: String? = "application/sdp") -> String {
    var lines = [
        "INVITE sip:5000@192.0.2.20 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
        "Max-Forwards: 70",
        "To: <sip:5000@192.0.2.20>",
        "From: \"Bob Brown\" <sip:4001@192.0.2.10>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:4001@192.0.2.10>",
    ]
    lines += extraHeaders
    if !body.isEmpty, let contentType { lines.append("Content-Type: \(contentType)") }
    lines.append("Content-Length: \(body.utf8.count)")
    return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}
