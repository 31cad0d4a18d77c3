import Foundation
import SIPEndpoint
import SIPMessage
import SIPTransaction
import SIPTransport
import Testing

/// A re-INVITE without SDP asks us to offer (RFC 3261 §14.2): our 200 OK carries the offer, the ACK the answer. And a
/// re-INVITE of ours that the far end only ever answers provisionally is cancelled instead of waiting for ever.
@Suite("re-INVITEs without an offer, overlapping re-INVITEs, and re-INVITEs never answered", .timeLimit(.minutes(1)))
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

    /// Another final response than the one expected.
    struct UnexpectedStatus: Error { let status: Int }

    /// The final response `status` to the request with `cseq`; another final response to it fails at once.
    static func nextResponse(_ status: Int, cseq: UInt32, in events: inout AsyncStream<SIPTransportEvent>.Iterator) async throws -> SIPMessage {
        while case .message(let response, _, _) = await events.next() {
            guard let received = response.statusCode, received >= 200, try response.headers.cseq.sequence == cseq else { continue }
            guard received == status else { throw UnexpectedStatus(status: received) }
            return response
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

    @Test("one exchange at a time: a re-INVITE over one not yet answered gets 500 with Retry-After, an offer over ours gets 491")
    func overlappingExchanges() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let (responders, sink) = AsyncStream.makeStream(of: (SIPCallEvent, SIPCall).self)
        let callee = Task {
            for await incoming in pair.callee.incomingCalls {
                let call = try await incoming.answer(sdp: answerSDP)
                for await event in call.events { sink.yield((event, call)) }
                return
            }
        }
        var held = responders.makeAsyncIterator()
        try await Self.withRawCall(pair) { raw, port, to, events in
            let destination = try pair.calleeAddress
            func send(_ method: SIPMethod, _ cseq: Int, body: [UInt8] = []) async throws {
                var request = Raw.request(method, cseq: cseq, branch: "z9hG4bKov\(cseq)\(method.rawValue)", to: to, port: port, destination: destination)
                if !body.isEmpty { request.setBody(body, contentType: .sdp) }
                try await raw.send(request, to: destination)
            }
            // §14.2: the first re-INVITE is not answered yet; the second gets 500 and a Retry-After of 0–10 s.
            try await send(.invite, 2, body: offerSDP)
            guard case (.offer(_, let first), _)? = await held.next() else { throw Raw.TransportEnded() }
            try await send(.invite, 3, body: offerSDP)
            let refused = try await Self.nextResponse(500, cseq: 3, in: &events)
            let retryAfter = try #require(refused.headers.first(.retryAfter).flatMap { Int($0.value) })
            #expect((0...10).contains(retryAfter))
            await first.accept(answer: answerSDP)
            _ = try await Self.nextResponse(200, cseq: 2, in: &events)
            try await send(.ack, 2)

            // RFC 3311 §5.2: our 2xx carries an offer whose answer the ACK has not brought yet: an UPDATE offer gets 491.
            try await send(.invite, 4)
            guard case (.offerRequested(_, let asked), _)? = await held.next() else { throw Raw.TransportEnded() }
            let offering = Task { await asked.offer(Self.heraldOffer) }
            _ = try await Self.nextResponse(200, cseq: 4, in: &events)
            try await send(.update, 5, body: offerSDP)
            _ = try await Self.nextResponse(491, cseq: 5, in: &events)
            var ack = Raw.request(.ack, cseq: 4, branch: "z9hG4bKov4ack", to: to, port: port, destination: destination)
            ack.setBody(Self.answerInACK, contentType: .sdp)
            try await raw.send(ack, to: destination)
            #expect(await offering.value == Self.answerInACK)

            // Exchanges done: the next re-INVITE is delivered as usual.
            try await send(.invite, 6, body: offerSDP)
            guard case (.offer(_, let last), _)? = await held.next() else { throw Raw.TransportEnded() }
            await last.accept(answer: answerSDP)
            _ = try await Self.nextResponse(200, cseq: 6, in: &events)
            try await send(.ack, 6)
            try await send(.bye, 7)
            _ = try await Self.nextResponse(200, cseq: 7, in: &events)
        }
        sink.finish()
        try await callee.value
        await pair.stop()
    }

    @Test("a re-INVITE answered only 100 Trying is cancelled after 64·T1 and fails as unanswered (487); the call goes on; the far end's re-INVITE meanwhile gets 491")
    func unansweredReInviteIsCancelled() async throws {
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let rawAddress = try #require(raw.localAddress(.udp))
        let transport = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await transport.start()
        // T1 = 80 ms: the re-INVITE is cancelled after 5.12 s. (With 20 ms, a CI run whose far-end task was starved for
        // 1.28 s saw Timer B or the CANCEL's 64·T1 pass first: "no response" instead of the 487.)
        let agent = SIPUserAgent(
            configuration: SIPUserAgentConfiguration(user: "caller", transactions: .init(timers: SIPTimerSettings(t1: .milliseconds(80)))),
            transport: transport)
        await agent.start()

        /// The raw far end: answers the INVITE, then only 100 to the re-INVITE — and sends a re-INVITE of its own,
        /// which meets ours (glare) — then 200 to the CANCEL and 487 to the re-INVITE. Returns whether the CANCEL came
        /// and the status its own re-INVITE got.
        let farEnd = Task { () async throws -> (cancelled: Bool, glare: Int?) in
            var cancelled = false
            var glare: Int?
            var reInvite: SIPMessage?
            for await event in raw.events {
                guard case .message(let message, let source, _) = event else { continue }
                guard let method = message.method else {
                    if try message.headers.cseq.sequence == 99 { glare = message.statusCode }
                    continue
                }
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
                    var own = SIPMessage.request(.invite, uri: SIPURI(user: "caller", host: source.host, port: source.port))
                    own.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(rawAddress.port);branch=z9hG4bKglare;rport")
                    own.headers.append(.maxForwards, "70")
                    own.headers.append(.from, try message.headers.to.serialized)
                    own.headers.append(.to, try message.headers.from.serialized)
                    own.headers.append(.callID, try message.headers.callID)
                    own.headers.append(.cseq, "99 INVITE")
                    own.headers.append(.contact, "<sip:5000@127.0.0.1:\(rawAddress.port)>")
                    own.setBody(offerSDP, contentType: .sdp)
                    try await raw.send(own, to: source)
                case .cancel:
                    cancelled = true
                    try await respond(200, to: message)
                    if let reInvite { try await respond(487, to: reInvite) }
                case .bye:
                    try await respond(200, to: message)
                    return (cancelled, glare)
                default:
                    continue
                }
            }
            return (cancelled, glare)
        }
        let call = try await agent.call(
            to: SIPURI(user: "5000", host: "127.0.0.1", port: rawAddress.port), from: caller, offer: offerSDP, destination: rawAddress)
        let hold = Array(String(decoding: offerSDP, as: UTF8.self).replacingOccurrences(of: "RTP/AVP 0 101", with: "RTP/AVP 0 101\r\na=sendonly").utf8)
        await #expect(throws: SIPCallFailure.noAnswer) {
            _ = try await call.reInvite(offer: hold)
        }
        // The session is what it was: the unanswered offer did not become our SDP.
        #expect(call.localSDP == offerSDP)
        await call.hangUp()
        let farEndSaw = try await farEnd.value
        #expect(farEndSaw.cancelled)
        // §14.2: an INVITE that arrives while ours is in progress gets 491 Request Pending.
        #expect(farEndSaw.glare == 491)
        await agent.shutdown()
        await raw.shutdown()
    }
}
