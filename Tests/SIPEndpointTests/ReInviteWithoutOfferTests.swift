import SIPEndpoint
import SIPMessage
import SIPTransaction
import SIPTransport
import Testing

/// A re-INVITE without SDP asks us to offer (RFC 3261 §14.2): our 200 OK carries the offer, the ACK the answer. And a
/// re-INVITE of ours that the far end only ever answers provisionally is cancelled instead of waiting for ever.
@Suite("re-INVITEs without an offer, and re-INVITEs never answered", .timeLimit(.minutes(1)))
struct ReInviteWithoutOfferTests {
    typealias Raw = ReInviteRetransmissionTests

    /// A raw SIP peer calls the callee; `body` runs with the dialog's To header and the raw peer's events.
    static func withRawCall(
        _ pair: UserAgentPair, _ body: (SIPTransport, Int, String, inout AsyncStream<SIPTransportEvent>.Iterator) async throws -> Void
    ) async throws {
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let port = try #require(raw.localAddress(.udp)).port
        let destination = try pair.calleeAddress
        var events = raw.events.makeAsyncIterator()
        var invite = Raw.request(.invite, cseq: 1, branch: "z9hG4bKno1", to: "<sip:5000@127.0.0.1>", port: port, destination: destination)
        invite.setBody(offerSDP, contentType: .sdp)
        try await raw.send(invite, to: destination)
        let ok = try await nextResponse(200, cseq: 1, in: &events)
        let to = try ok.headers.to.serialized
        try await raw.send(Raw.request(.ack, cseq: 1, branch: "z9hG4bKno1ack", to: to, port: port, destination: destination), to: destination)
        try await body(raw, port, to, &events)
        await raw.shutdown()
    }

    static func nextResponse(_ status: Int, cseq: UInt32, in events: inout AsyncStream<SIPTransportEvent>.Iterator) async throws -> SIPMessage {
        while case .message(let response, _, _) = await events.next() {
            if response.statusCode == status, try response.headers.cseq.sequence == cseq { return response }
        }
        throw Raw.TransportEnded()
    }

    /// The callee answers the raw peer's call, offers `heraldOffer` to its first re-INVITE without an offer and
    /// returns the answer from the ACK, with the call.
    static func offerOnRequest(_ pair: UserAgentPair) -> Task<(answer: [UInt8]?, call: SIPCall)?, any Error> {
        Task {
            for await incoming in pair.callee.incomingCalls {
                let call = try await incoming.answer(sdp: answerSDP)
                for await event in call.events {
                    if case .offerRequested(let request, let responder) = event {
                        #expect(request.body.isEmpty)
                        return (await responder.offer(Self.heraldOffer), call)
                    }
                }
            }
            return nil
        }
    }

    static let heraldOffer = Array("v=0\r\no=- 7 8 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 8 101\r\n".utf8)
    static let answerInACK = Array("v=0\r\no=- 1 2 IN IP4 127.0.0.9\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\nm=audio 41000 RTP/AVP 8\r\n".utf8)

    @Test("our offer goes in the 200 OK, the answer comes back from the ACK, and the call remembers the SDP it sent last")
    func offerInTheOKAnswerInTheACK() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let answered = Self.offerOnRequest(pair)
        try await Self.withRawCall(pair) { raw, port, to, events in
            let destination = try pair.calleeAddress
            try await raw.send(Raw.request(.invite, cseq: 2, branch: "z9hG4bKno2", to: to, port: port, destination: destination), to: destination)
            let ok = try await Self.nextResponse(200, cseq: 2, in: &events)
            #expect(ok.body == Self.heraldOffer)
            #expect(try ok.headers.contentType?.subtype == "sdp")
            var ack = Raw.request(.ack, cseq: 2, branch: "z9hG4bKno2ack", to: to, port: port, destination: destination)
            ack.setBody(Self.answerInACK, contentType: .sdp)
            try await raw.send(ack, to: destination)
            let result = try #require(try await answered.value)
            #expect(result.answer == Self.answerInACK)
            #expect(result.call.remoteSDP == Self.answerInACK)
            #expect(result.call.localSDP == Self.heraldOffer)
            try await raw.send(Raw.request(.bye, cseq: 3, branch: "z9hG4bKno3", to: to, port: port, destination: destination), to: destination)
            _ = try await Self.nextResponse(200, cseq: 3, in: &events)
        }
        await pair.stop()
    }

    @Test("an ACK without an answer gives nil, and the call goes on")
    func ackWithoutAnswer() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let answered = Self.offerOnRequest(pair)
        try await Self.withRawCall(pair) { raw, port, to, events in
            let destination = try pair.calleeAddress
            try await raw.send(Raw.request(.invite, cseq: 2, branch: "z9hG4bKna2", to: to, port: port, destination: destination), to: destination)
            _ = try await Self.nextResponse(200, cseq: 2, in: &events)
            try await raw.send(Raw.request(.ack, cseq: 2, branch: "z9hG4bKna2ack", to: to, port: port, destination: destination), to: destination)
            let result = try #require(try await answered.value)
            #expect(result.answer == nil)
            // Still in the dialog: an OPTIONS in it is answered, not 481.
            try await raw.send(Raw.request(.options, cseq: 3, branch: "z9hG4bKna3", to: to, port: port, destination: destination), to: destination)
            _ = try await Self.nextResponse(200, cseq: 3, in: &events)
        }
        await pair.stop()
    }

    @Test("a re-INVITE answered only 100 Trying is cancelled after 64·T1 and fails as unanswered (487); the call goes on")
    func unansweredReInviteIsCancelled() async throws {
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let rawAddress = try #require(raw.localAddress(.udp))
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await transport.start()
        // T1 = 20 ms: the re-INVITE is cancelled after 1.28 s.
        let agent = SIPUserAgent(
            configuration: SIPUserAgentConfiguration(user: "caller", transactions: .init(timers: SIPTimerSettings(t1: .milliseconds(20)))),
            transport: transport)
        await agent.start()

        /// The raw far end: answers the INVITE, then only 100 to the re-INVITE, 200 to the CANCEL and 487 to the
        /// re-INVITE; returns whether the CANCEL came.
        let farEnd = Task { () async throws -> Bool in
            var cancelled = false
            var reInvite: SIPMessage?
            for await event in raw.events {
                guard case .message(let message, let source, _) = event, let method = message.method else { continue }
                func respond(_ status: Int, to request: SIPMessage, body: [UInt8] = []) async throws {
                    var response = SIPResponseFactory.response(to: request, statusCode: status, toTag: "far")
                    response.headers.append(.contact, "<sip:5000@127.0.0.1:\(rawAddress.port)>")
                    if !body.isEmpty { response.setBody(body, contentType: .sdp) }
                    try await raw.send(response, to: source)
                }
                switch method {
                case .invite where (try? message.headers.to.tag) == nil:
                    try await respond(200, to: message, body: answerSDP)
                case .invite:
                    reInvite = message
                    try await respond(100, to: message)
                case .cancel:
                    cancelled = true
                    try await respond(200, to: message)
                    if let reInvite { try await respond(487, to: reInvite) }
                case .bye:
                    try await respond(200, to: message)
                    return cancelled
                default:
                    continue
                }
            }
            return cancelled
        }
        let call = try await agent.call(
            to: SIPURI(user: "5000", host: "127.0.0.1", port: rawAddress.port), from: caller, offer: offerSDP, destination: rawAddress)
        await #expect(throws: SIPCallFailure.noAnswer) {
            _ = try await call.reInvite(offer: offerSDP)
        }
        #expect(call.localSDP == offerSDP)
        await call.hangUp()
        #expect(try await farEnd.value)
        await agent.shutdown()
        await raw.shutdown()
    }
}
