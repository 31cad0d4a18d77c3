import CallControl
import Foundation
import SDP
import SIPDialog
import SIPEndpoint
import SIPMessage
import SIPTransport
import Speech
import Testing

@Suite("Herald transfers a baresip caller with REFER", .tags(.interop), .serialized, .timeLimit(.minutes(1)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct TransferTests {
    /// Herald calls baresip, then REFERs it to another user agent; baresip places the new call and reports its
    /// progress in NOTIFYs with message/sipfrag until the transfer target answers (a blind transfer, RFC 3515).
    @Test func blindTransferSucceeds() async throws {
        let herald = try await startHerald([.udp])
        let target = try await startHerald([.udp])
        let targetAddress = try #require(target.transport.localAddress(.udp))
        let baresip = try await Baresip.start(autoAnswer: true)

        let targetAnswers = Task { () throws -> SIPCall? in
            for await incoming in target.incomingCalls {
                var session = heraldSession()
                let (answer, _) = try session.receiveOffer(try SessionDescription(parsing: incoming.offer), audio: LocalStream(port: freePort()))
                return try await incoming.answer(sdp: answer.serializedBytes())
            }
            return nil
        }

        var session = heraldSession()
        let offer = session.makeOffer([.audio(LocalStream(port: freePort()), direction: .sendrecv)])
        let call = try await herald.call(to: SIPURI(user: "caller", host: "127.0.0.1", port: baresip.sipPort),
                                         from: NameAddress(displayName: "Auto Attendant", uri: SIPURI(user: "5005", host: "127.0.0.1")),
                                         offer: offer.serializedBytes(), ringTimeout: .seconds(20))
        let outcomes = try await call.transfer(
            to: ReferTarget(uri: SIPURI(user: "4002", host: targetAddress.host, port: targetAddress.port)),
            referredBy: NameAddress(uri: SIPURI(user: "5005", host: "127.0.0.1")))

        var seen: [ReferSubscription.Outcome] = []
        for await outcome in outcomes { seen.append(outcome) }
        #expect(seen.first == .accepted(subscription: true))
        #expect(seen.contains { if case .succeeded(200) = $0 { true } else { false } }, "\(seen)")

        let transferred = try #require(try await targetAnswers.value)
        #expect(try transferred.invite.headers.from.uri.user == "caller")
        await transferred.hangUp()
        await call.hangUp()
        await baresip.stop()
        await herald.shutdown()
        await target.shutdown()
    }
}

@Suite("the Call API's transfer: baresip, transferred by Herald, reaches the target or comes back", .tags(.interop), .serialized,
       .timeLimit(.minutes(1)), .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct CallTransferTests {
    /// baresip calls Herald; Herald's `LiveCall` transfers it to a target user agent that answers or is busy.
    @Test("an answered target completes the transfer; a busy one is reported busy and the caller stays", arguments: [true, false])
    func transfer(targetAnswers: Bool) async throws {
        let herald = try await HeraldMedia.start()
        let target = try await startHerald([.udp])
        let targetAddress = try #require(target.transport.localAddress(.udp))
        let targetSide = Task { () throws -> String? in
            for await incoming in target.incomingCalls {
                let from = try incoming.invite.headers.from.uri.user
                // The number as the PBX profile wants it: user=phone.
                #expect(incoming.invite.requestURI?.user == "4002")
                #expect(incoming.invite.requestURI?.parameters["user"] == "phone")
                guard targetAnswers else {
                    await incoming.reject(486, reasonPhrase: "Busy Here")
                    return from
                }
                var session = heraldSession()
                let (answer, _) = try session.receiveOffer(try SessionDescription(parsing: incoming.offer), audio: LocalStream(port: freePort()))
                let call = try await incoming.answer(sdp: answer.serializedBytes())
                await call.hangUp()
                return from
            }
            return nil
        }
        let baresip = try await Baresip.start()
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        async let answered = herald.answerNext()
        try await baresip.command("dial", "sip:5005@127.0.0.1:\(port)")
        let (sip, media) = try #require(try await answered)
        let prompts = PromptStore(directory: try makeTemporaryDirectory("prompts"), catalog: try PromptCatalog())
        let live = LiveCall(
            sip: sip, media: media, prompts: prompts, caller: CallerIdentity(number: "caller", displayName: nil, user: nil, withheld: false),
            transferTarget: LiveCall.TransferTarget(host: targetAddress.host, port: targetAddress.port, userPhone: true))
        let outcome = try await live.transfer(to: "4002")
        #expect(outcome == (targetAnswers ? .completed : .busy))
        #expect(try await targetSide.value == "caller", "baresip called the target")
        if !targetAnswers {
            // The caller is still with Herald, which can say so.
            #expect(try await live.play([.silence(milliseconds: 100)], bargeIn: false) == .completed)
            await live.hangUp()
        }
        await baresip.stop()
        await herald.stop()
        await target.shutdown()
    }
}
