import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// RFC 3261 §13.3.1.4 for a re-INVITE: over UDP the UAS core, not the transaction, keeps its 2xx going out until the
/// ACK for that INVITE arrives.
@Suite("a re-INVITE's 200 OK is retransmitted until its own ACK", .timeLimit(.minutes(1)))
struct ReInviteRetransmissionTests {
    /// The raw caller's transport stopped delivering before the response came.
    struct TransportEnded: Error {}

    /// A request of the raw caller's dialog.
    static func request(
        _ method: SIPMethod, cseq: Int, branch: String, to: String, port: Int, destination: SIPTransportAddress
    ) -> SIPMessage {
        var request = SIPMessage.request(method, uri: SIPURI(user: "5000", host: destination.host, port: destination.port))
        request.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(port);branch=\(branch);rport")
        request.headers.append(.maxForwards, "70")
        request.headers.append(.from, "<sip:4001@127.0.0.1>;tag=raw")
        request.headers.append(.to, to)
        request.headers.append(.callID, "reinvite-2xx@127.0.0.1")
        request.headers.append(.cseq, "\(cseq) \(method.rawValue)")
        request.headers.append(.contact, "<sip:4001@127.0.0.1:\(port)>")
        return request
    }

    @Test func reInvite2xxIsRetransmittedUntilItsACK() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let port = try #require(raw.localAddress(.udp)).port
        let destination = try pair.calleeAddress
        let answering = Task { () throws -> Void in
            for await incoming in pair.callee.incomingCalls {
                let call = try await incoming.answer(sdp: answerSDP)
                for await event in call.events {
                    if case .offer(_, let responder) = event { await responder.accept(answer: answerSDP) }
                }
                return
            }
        }
        var events = raw.events.makeAsyncIterator()
        /// The next 200 OK to an INVITE with CSeq `number`.
        func nextOK(cseq number: UInt32) async throws -> SIPMessage {
            while case .message(let response, _, _) = await events.next() {
                if response.statusCode == 200, try response.headers.cseq.sequence == number { return response }
            }
            throw TransportEnded()
        }

        var invite = Self.request(.invite, cseq: 1, branch: "z9hG4bKre1", to: "<sip:5000@127.0.0.1>", port: port, destination: destination)
        invite.setBody(offerSDP, contentType: .sdp)
        try await raw.send(invite, to: destination)
        let to = try await nextOK(cseq: 1).headers.to.serialized
        try await raw.send(Self.request(.ack, cseq: 1, branch: "z9hG4bKre1ack", to: to, port: port, destination: destination), to: destination)

        var reInvite = Self.request(.invite, cseq: 2, branch: "z9hG4bKre2", to: to, port: port, destination: destination)
        reInvite.setBody(offerSDP, contentType: .sdp)
        try await raw.send(reInvite, to: destination)
        _ = try await nextOK(cseq: 2)
        // A late copy of the first ACK does not acknowledge the re-INVITE's 200: it keeps coming.
        try await raw.send(Self.request(.ack, cseq: 1, branch: "z9hG4bKre1ack", to: to, port: port, destination: destination), to: destination)
        let again = try await nextOK(cseq: 2)
        #expect(again.body == answerSDP)
        try await raw.send(Self.request(.ack, cseq: 2, branch: "z9hG4bKre2ack", to: to, port: port, destination: destination), to: destination)
        try await raw.send(Self.request(.bye, cseq: 3, branch: "z9hG4bKre3", to: to, port: port, destination: destination), to: destination)
        try await answering.value
        await raw.shutdown()
        await pair.stop()
    }
}
