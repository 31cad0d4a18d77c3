import Foundation
import HeraldTestKit
import MediaEngine
import SDP
import SIPEndpoint
import SIPMessage
import Store
import Testing

/// What a phone signals inside an established call to `UMServer`: keys by SIP INFO, hold and resume by re-INVITE.
/// Herald runs in this process (the voicemail-over-SIP fixture); the simulated PBX's phone sends the requests.
@Suite("herald serve answers SIP INFO keypresses and in-dialog offers", .serialized, .timeLimit(.minutes(3)))
struct InDialogSignallingTests {
    typealias Herald = VoicemailOverSIPTests.Herald

    @Test("extension and PIN sent as SIP INFO application/dtmf-relay log on; the main menu's 1 and # save the message")
    func logOnBySIPInfo() async throws {
        let herald = try await Herald.start()
        let message = try await herald.leave("4000", from: "+12025550101", minutesAgo: 5)
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        // INFOs that carry no key (a keep-alive without a body, a signal that is no key) are answered and change nothing.
        #expect(try await phone.call.info([], contentType: .dtmfRelay) == 200)
        #expect(try await phone.call.info(Array("Signal=Z\r\nDuration=160\r\n".utf8), contentType: .dtmfRelay) == 200)
        // No RFC 4733 and no tones: every key goes by INFO, as Cisco-style gateways send them. The `#` after the PIN
        // goes as event number 11, which some phones send instead of the symbol.
        for key in "4000#135246".map(String.init) + ["11", "1", "#"] {
            #expect(try await phone.call.info(Array("Signal=\(key)\r\nDuration=160\r\n".utf8), contentType: .dtmfRelay) == 200)
        }
        #expect(try await herald.until { try await $0.messages(mailbox: "4000").first { $0.id == message }?.folder == .saved },
                "logged on, 1 played the new message and # saved it")
        await phone.hangUp()
        await herald.stop()
    }

    @Test("hold (sendonly) and resume (sendrecv) by re-INVITE are answered recvonly then sendrecv; Herald is silent on hold and talks after")
    func holdAndResume() async throws {
        let herald = try await Herald.start()
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        #expect(try await eventually { try await phone.media.statistics().packetsReceived > 0 }, "the greeting's RTP arrives")

        let held = try await reInvite(phone, direction: .sendonly)
        #expect(held.mediaDescriptions.first.map(held.direction(of:)) == .recvonly)
        let lostBeforeHold = try await phone.media.statistics().packetsLost
        // The caller talks for a second on hold; a Herald that kept sending would leave a gap of ~50 sequence numbers.
        _ = try await phone.media.play([.tone(frequencies: [440], milliseconds: 1000, levelDBm0: -20)], bargeIn: false)

        let resumed = try await reInvite(phone, direction: .sendrecv)
        #expect(resumed.mediaDescriptions.first.map(resumed.direction(of:)) == .sendrecv)
        let receivedAtResume = try await phone.media.statistics().packetsReceived
        #expect(try await eventually { try await phone.media.statistics().packetsReceived >= receivedAtResume + 25 },
                "Herald's RTP flows again after the resume")
        // A packet or two can cross each re-INVITE's answer; a second of sending while held would be ~50.
        let lostOnHold = try await phone.media.statistics().packetsLost - lostBeforeHold
        #expect(lostOnHold < 10, "Herald's sequence numbers jumped by \(lostOnHold): it kept sending while held")
        await phone.hangUp()
        await herald.stop()
    }

    @Test("an offer that is not SDP gets 400, a T.38-only offer 488; the call goes on and a later re-INVITE is answered")
    func refusedOffersLeaveTheSession() async throws {
        let herald = try await Herald.start()
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        #expect(await refusal(of: Array("this is not a session description".utf8), from: phone) == 400)
        let port = phone.media.rtpPort
        let fax = "v=0\r\no=fax 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=image \(port) udptl t38\r\n"
        #expect(await refusal(of: Array(fax.utf8), from: phone) == 488)
        let answer = try await reInvite(phone, direction: .sendrecv)
        #expect(answer.mediaDescriptions.first.map(answer.direction(of:)) == .sendrecv)
        let received = try await phone.media.statistics().packetsReceived
        #expect(try await eventually { try await phone.media.statistics().packetsReceived >= received + 10 })
        await phone.hangUp()
        await herald.stop()
    }

    @Test("a re-INVITE without an offer (a PBX moving the media) gets Herald's offer of every codec; the answer in the ACK moves Herald's RTP")
    func offerlessReInviteMovesTheMedia() async throws {
        let herald = try await Herald.start()
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        #expect(try await eventually { try await phone.media.statistics().packetsReceived > 0 }, "the greeting's RTP arrives")
        // The media moves to another device (a new session on another port), as after a PBX's transfer.
        let moved = try await herald.pbx.engine.openSession()
        let offer = try await within(.seconds(10)) {
            try await phone.call.reInviteWithoutOffer { offer in
                guard let description = try? SessionDescription(parsing: offer),
                      let answer = try? await moved.answer(description) else { return [] }
                return answer.serializedBytes()
            }
        }
        let offered = try SessionDescription(parsing: offer)
        // RFC 6337 §5.3: every codec Herald has, not only the one running (G.711 both laws at least, and events).
        let formats = offered.mediaDescriptions.first?.formats ?? []
        #expect(formats.contains("0") && formats.contains("8") && formats.count >= 4, "\(formats)")
        #expect(try await eventually { try await moved.statistics().packetsReceived >= 25 }, "Herald's RTP goes to the new port")
        let before = try await phone.media.statistics().packetsReceived
        _ = try await moved.play([.tone(frequencies: [440], milliseconds: 200, levelDBm0: -20)], bargeIn: false)
        #expect(try await phone.media.statistics().packetsReceived - before <= 2, "nothing more goes to the old port")
        await moved.close()
        await phone.hangUp()
        await herald.stop()
    }

    @Test("a caller whose media stops without a BYE is hung up on after the media timeout")
    func mediaTimeoutHangsUp() async throws {
        let herald = try await Herald.start(mediaTimeout: .seconds(1))
        guard case .reachedUM(let phone) = try await herald.pbx.callPilot(from: "+12025550100") else {
            Issue.record("the pilot should answer")
            return
        }
        #expect(try await eventually { try await phone.media.statistics().packetsReceived > 0 }, "the greeting's RTP arrives")
        // The phone's media dies (a gateway that lost the call); its SIP dialog stays, so only Herald can end the call.
        await phone.media.close()
        let ended = await phone.call.waitUntilEnded()
        #expect(ended == .remoteHangUp, "\(ended)")
        await herald.stop()
    }

    /// Sends a re-INVITE from the phone with its media in `direction`, and applies and returns Herald's answer.
    private func reInvite(_ phone: SimulatedCall, direction: MediaDirection) async throws -> SessionDescription {
        let offer = phone.media.makeOffer(direction: direction).serializedBytes()
        let body = try await within(.seconds(10)) { try await phone.call.reInvite(offer: offer) }
        let answer = try SessionDescription(parsing: body)
        try await phone.media.receiveAnswer(answer)
        return answer
    }

    /// The status of the final response refusing a re-INVITE with `offer`; nil if it was accepted.
    private func refusal(of offer: [UInt8], from phone: SimulatedCall) async -> Int? {
        do {
            _ = try await within(.seconds(10)) { try await phone.call.reInvite(offer: offer) }
            return nil
        } catch {
            guard case .rejected(let status, _) = error as? SIPCallFailure else { return 0 }
            return status
        }
    }

    /// A re-INVITE nobody answers finally (100 Trying, then nothing) is cancelled after 64·T1 (32 s): fail sooner.
    private func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw NoFinalResponse()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw NoFinalResponse() }
            return first
        }
    }

    /// No final response came in time.
    private struct NoFinalResponse: Error {}

    /// Polls `condition` every 50 ms until it holds, for up to 20 s.
    private func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
