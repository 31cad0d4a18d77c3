import SIPMessage
import SIPTransaction
import Testing

@Suite("ACK for non-2xx (RFC 3261 §17.1.1.3) and CANCEL (§9.1)")
struct RequestConstructionTests {
    /// An INVITE as a proxy-routed UAC sends it, parsed from the wire, with a second Via value in the same field.
    static let inviteText = """
        INVITE sip:4000@herald.example.com SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-abc;rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-older\r
        Max-Forwards: 69\r
        Route: <sip:proxy1.example.com;lr>\r
        Route: <sip:proxy2.example.com;lr>\r
        From: "Caller" <sip:2000@example.com>;tag=caller-tag\r
        To: <sip:4000@herald.example.com>\r
        Call-ID: a84b4c76e66710@192.0.2.10\r
        CSeq: 314159 INVITE\r
        Contact: <sip:2000@192.0.2.10>\r
        Content-Type: application/sdp\r
        Content-Length: 4\r
        \r
        v=0\n
        """

    @Test func ackCopiesTheInviteAndTakesToFromTheResponse() throws {
        let invite = try SIPMessage(parsing: Self.inviteText)
        let busy = TestMessages.response(486, to: invite, toTag: "uas-tag")
        let ack = try ClientInviteTransaction.ack(for: invite, acknowledging: busy)

        #expect(ack.method == .ack)
        #expect(ack.requestURI == invite.requestURI)
        #expect(ack.headers.count(of: .via) == 1)
        #expect(try ack.headers.via == [try invite.headers.topVia])
        #expect(try ack.headers.from == invite.headers.from)
        #expect(try ack.headers.to.tag == "uas-tag")
        #expect(try ack.headers.to.uri == invite.headers.to.uri)
        #expect(try ack.headers.callID == "a84b4c76e66710@192.0.2.10")
        #expect(try ack.headers.cseq == SIPCSeq(314159, .ack))
        #expect(try ack.headers.route.map(\.uri.host) == ["proxy1.example.com", "proxy2.example.com"])
        #expect(try ack.headers.maxForwards == 70)
        #expect(ack.body.isEmpty)
        #expect(try ack.headers.contentLength == 0)
        #expect(!ack.headers.contains(.contact))
        try ack.validate()
    }

    @Test func cancelCopiesTheInviteIdentity() throws {
        let invite = try SIPMessage(parsing: Self.inviteText)
        let cancel = try ClientInviteTransaction.cancel(for: invite)

        #expect(cancel.method == .cancel)
        #expect(cancel.requestURI == invite.requestURI)
        #expect(try cancel.headers.via == [try invite.headers.topVia])
        #expect(try cancel.headers.from == invite.headers.from)
        #expect(try cancel.headers.to == invite.headers.to)
        #expect(try cancel.headers.callID == invite.headers.callID)
        #expect(try cancel.headers.cseq == SIPCSeq(314159, .cancel))
        #expect(try cancel.headers.route.count == 2)
        #expect(cancel.body.isEmpty)
        try cancel.validate()
        // It reaches the INVITE's server transaction (§9.2) yet is a client transaction of its own (§17.1.3).
        #expect(try SIPServerTransactionID(request: cancel).cancelledInviteID == SIPServerTransactionID(request: invite))
        #expect(try SIPClientTransactionID(request: cancel) != SIPClientTransactionID(request: invite))
    }

    @Test func singleViaFieldKeepsItsBytes() throws {
        let invite = TestMessages.request(.invite)
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        #expect(cancel.headers.first(.via)?.line == invite.headers.first(.via)?.line)
    }

    @Test func onlyAnInviteCanBeCancelledOrAcknowledged() {
        let options = TestMessages.request(.options)
        #expect(throws: SIPTransactionError.self) { try ClientInviteTransaction.cancel(for: options) }
        #expect(throws: SIPTransactionError.self) {
            try ClientInviteTransaction.ack(for: options, acknowledging: TestMessages.response(404, to: options))
        }
    }
}
