import SIPMessage
import Testing

@Suite("message-summary bodies (RFC 3842)")
struct MessageSummaryTests {
    @Test("the RFC 3842 §5.2 example: counts, urgent counts, other classes and message headers ignored")
    func rfcExample() throws {
        let body = """
            Messages-Waiting: yes\r
            Message-Account: sip:alice@vmail.example.com\r
            Voice-Message: 4/8 (1/2)\r
            Fax-Message: 0/0\r
            \r
            To: alice@atlanta.example.com\r
            From: bob@biloxi.example.com\r
            Subject: carpool tomorrow?\r
            Priority: normal\r
            Message-ID: 13@vmail.example.com\r

            """
        let summary = try MessageSummary(parsing: body)
        #expect(summary.messagesWaiting)
        #expect(summary.account == "sip:alice@vmail.example.com")
        #expect(summary.voice == MessageSummary.Counts(new: 4, old: 8, newUrgent: 1, oldUrgent: 2))
    }

    @Test("what Herald sends reads back the same; urgent counts may be left out; names are case-insensitive")
    func roundTrip() throws {
        let summary = MessageSummary(messagesWaiting: false, account: "sip:5000@127.0.0.1", voice: .init(new: 0, old: 3, oldUrgent: 1))
        #expect(summary.serialized == "Messages-Waiting: no\r\nMessage-Account: sip:5000@127.0.0.1\r\nVoice-Message: 0/3 (0/1)\r\n")
        #expect(try MessageSummary(parsing: summary.serialized) == summary)
        let bare = try MessageSummary(parsing: "messages-waiting: YES\nvoice-message: 2/0\n")
        #expect(bare == MessageSummary(messagesWaiting: true, voice: .init(new: 2, old: 0)))
    }

    @Test("malformed bodies are refused", arguments: [
        "Message-Account: sip:a@b\r\n", "Messages-Waiting: maybe\r\n", "Messages-Waiting: yes\r\nVoice-Message: two/3\r\n",
        "Messages-Waiting: yes\r\nVoice-Message: 2/3 (1\r\n",
    ])
    func malformed(body: String) {
        #expect(throws: SIPMessageError.self) { try MessageSummary(parsing: body) }
    }
}
