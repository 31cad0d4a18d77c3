import Foundation
import HeraldTestKit
import SIPDialog
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

@Suite("Calls between two Herald user agents over loopback", .timeLimit(.minutes(1)))
struct CallTests {
    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp])
    func callAnswerHangUp(_ kind: SIPTransportAddress.Transport) async throws {
        let pair = try await UserAgentPair.start(kind)
        let answering = Task { () -> SIPCall? in
            for await incoming in pair.callee.incomingCalls {
                #expect(incoming.offer == offerSDP)
                await incoming.ring()
                return try await incoming.answer(sdp: answerSDP)
            }
            return nil
        }
        let call = try await pair.caller.call(to: try pair.calleeURI, from: caller, offer: offerSDP, destination: try pair.calleeAddress)
        #expect(call.remoteSDP == answerSDP)
        let answered = try #require(try await answering.value)
        #expect(answered.id.callID == call.id.callID)
        #expect(answered.id.localTag == call.id.remoteTag)

        await call.hangUp()
        #expect(await answered.waitUntilEnded() == .remoteHangUp)
        #expect(await call.waitUntilEnded() == .localHangUp)
        #expect(await pair.callee.callCount == 0)
        await pair.stop()
    }

    @Test func tlsCall() async throws {
        let certificates = try TestCertificates.make()
        let tls = SIPTLSConfiguration(certificateChainPath: certificates.certificatePath, privateKeyPath: certificates.keyPath,
                                      trustRootsPath: certificates.caPath, serverVerification: .full)
        let pair = try await UserAgentPair.start(.tls, tls: tls)
        let (call, answered) = try await pair.establishCall()
        #expect(answered.invite.requestURI?.transport == "tls")
        await answered.hangUp()
        #expect(await call.waitUntilEnded() == .remoteHangUp)
        await pair.stop()
    }

    @Test(arguments: [(486, SIPCallFailure.busy), (404, .rejected(status: 404, reason: "Not Found")), (480, .noAnswer)])
    func rejectedCallsFailWithTheirReason(_ status: Int, _ expected: SIPCallFailure) async throws {
        let pair = try await UserAgentPair.start(.udp)
        let rejecting = Task {
            for await incoming in pair.callee.incomingCalls {
                await incoming.reject(status)
                return
            }
        }
        await #expect(throws: expected) {
            _ = try await pair.caller.call(to: try pair.calleeURI, from: caller, offer: offerSDP, destination: try pair.calleeAddress)
        }
        await rejecting.value
        await pair.stop()
    }

    @Test func unansweredCallIsCancelledAfterTheRingTimeout() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let ringing = Task { () -> IncomingCall? in
            for await incoming in pair.callee.incomingCalls {
                await incoming.ring()
                return incoming
            }
            return nil
        }
        await #expect(throws: SIPCallFailure.noAnswer) {
            _ = try await pair.caller.call(to: try pair.calleeURI, from: caller, offer: offerSDP, destination: try pair.calleeAddress,
                                           ringTimeout: .milliseconds(200))
        }
        // The CANCEL was answered 487 on the callee's side, so answering now is refused.
        let incoming = try #require(await ringing.value)
        await #expect(throws: SIPCallFailure.rejected(status: 487, reason: "the caller cancelled")) {
            _ = try await incoming.answer(sdp: answerSDP)
        }
        await pair.stop()
    }

    @Test func infoAndReInviteInDialog() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let (call, answered) = try await pair.establishCall()

        let dtmf = Array("Signal=5\r\nDuration=160\r\n".utf8)
        #expect(try await call.info(dtmf, contentType: .dtmfRelay) == 200)
        var events = answered.events.makeAsyncIterator()
        guard case .info(let info) = await events.next() else {
            Issue.record("no INFO event")
            return
        }
        #expect(info.body == dtmf)

        // Hold: the callee answers the re-INVITE's offer through the responder.
        let hold = Array(String(decoding: offerSDP, as: UTF8.self).replacingOccurrences(of: "a=rtpmap", with: "a=sendonly\r\na=rtpmap").utf8)
        async let answer = call.reInvite(offer: hold)
        guard case .offer(let request, let responder) = await events.next() else {
            Issue.record("no offer event")
            return
        }
        #expect(request.body == hold)
        await responder.accept(answer: answerSDP)
        #expect(try await answer == answerSDP)

        await call.hangUp()
        #expect(await answered.waitUntilEnded() == .remoteHangUp)
        await pair.stop()
    }

    /// Every waiter learns how the call went, not only the first: a flow and its media watcher both wait.
    @Test func everyWaiterLearnsWhyTheCallEnded() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let (call, answered) = try await pair.establishCall()
        let waiters = (0..<3).map { _ in Task { (await answered.waitUntilConfirmed(), await answered.waitUntilEnded()) } }
        await call.hangUp()
        for waiter in waiters {
            let (confirmed, ended) = await waiter.value
            #expect(confirmed)
            #expect(ended == .remoteHangUp)
        }
        #expect(await answered.waitUntilEnded() == .remoteHangUp)
        await pair.stop()
    }

    @Test func whileConnectedIsCancelledWhenTheFarEndHangsUp() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let (call, answered) = try await pair.establishCall()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let flow = Task {
            try await answered.whileConnected {
                startedContinuation.yield()
                // A call flow waiting for a digit that never comes.
                let never = AsyncStream<Int> { _ in }
                for await _ in never {}
                try Task.checkCancellation()
                return 1
            }
        }
        var iterator = started.makeAsyncIterator()
        await iterator.next()
        await call.hangUp()
        #expect(try await flow.value == nil)
        await pair.stop()
    }
}

extension CallTests {
    /// RFC 3261 §13.2.1: an INVITE without an offer (delayed offer, as CS 1000 gateways send): our 200 carries the
    /// offer and the caller's ACK the answer, which the answered call then reports.
    @Test func delayedOfferIsAnsweredInTheACK() async throws {
        let pair = try await UserAgentPair.start(.udp)
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let rawAddress = try #require(raw.localAddress(.udp))
        let destination = try pair.calleeAddress
        let answering = Task { () throws -> SIPCall? in
            for await incoming in pair.callee.incomingCalls {
                #expect(incoming.offer.isEmpty)
                return try await incoming.answer(sdp: offerSDP)
            }
            return nil
        }
        var invite = SIPMessage.request(.invite, uri: SIPURI(user: "5000", host: destination.host, port: destination.port))
        invite.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(rawAddress.port);branch=z9hG4bKdelayed1;rport")
        invite.headers.append(.maxForwards, "70")
        invite.headers.append(.from, "<sip:4001@127.0.0.1>;tag=cs1k")
        invite.headers.append(.to, "<sip:5000@127.0.0.1>")
        invite.headers.append(.callID, "delayed-offer@127.0.0.1")
        invite.headers.append(.cseq, "1 INVITE")
        invite.headers.append(.contact, "<sip:4001@127.0.0.1:\(rawAddress.port)>")
        invite.headers.append(.contentLength, "0")
        try await raw.send(invite, to: destination)

        var events = raw.events.makeAsyncIterator()
        var ok: SIPMessage?
        while case .message(let response, _, _) = await events.next() {
            if response.statusCode == 200 { ok = response; break }
        }
        let response = try #require(ok)
        #expect(response.body == offerSDP)
        var ack = SIPMessage.request(.ack, uri: SIPURI(user: "herald", host: destination.host, port: destination.port))
        ack.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(rawAddress.port);branch=z9hG4bKdelayedack;rport")
        ack.headers.append(.maxForwards, "70")
        ack.headers.append(.from, "<sip:4001@127.0.0.1>;tag=cs1k")
        ack.headers.append(.to, try response.headers.to.serialized)
        ack.headers.append(.callID, "delayed-offer@127.0.0.1")
        ack.headers.append(.cseq, "1 ACK")
        ack.setBody(answerSDP, contentType: .sdp)
        try await raw.send(ack, to: destination)

        let answered = try #require(try await answering.value)
        #expect(await answered.waitUntilConfirmed())
        #expect(answered.remoteSDP == answerSDP)
        await raw.shutdown()
        await pair.stop()
    }
}
