import Foundation
import HeraldTestKit
import MediaEngine
import SIPMessage
import Testing

@Suite("a simulated PBX forwards calls to herald serve --demo", .serialized, .timeLimit(.minutes(3)))
struct SimulatedPBXTests {
    static func pbx(_ style: SimulatedPBX.DiversionStyle) async throws -> (SimulatedPBX, RunningProcess) {
        let server = try await DemoServer.shared.get()
        let pilot = try SIPURI(parsing: "sip:5000@127.0.0.1:\(server.udp)")
        return (try await SimulatedPBX.start(pilot: pilot, style: style), server.process)
    }

    @Test("busy and no-answer extensions reach their mailboxes with the right greeting", arguments: [
        SimulatedPBX.DiversionStyle.diversion, .historyInfo,
    ])
    func forwarded(style: SimulatedPBX.DiversionStyle) async throws {
        let (pbx, server) = try await Self.pbx(style)
        pbx.set("4001", .busy)
        pbx.set("4002", .noAnswer)
        pbx.set("4003", .answers)

        guard case .reachedUM(let busy) = try await pbx.call(from: "+12025550177", to: "4001") else {
            Issue.record("4001 busy should reach the UM")
            return
        }
        await busy.hangUp()
        #expect(server.log.contains("call answering for 4001 (Bob Brown), user-busy, busy greeting"))

        guard case .reachedUM(let unanswered) = try await pbx.call(from: "4000", to: "4002") else {
            Issue.record("4002 unanswered should reach the UM")
            return
        }
        // The caller hears the greeting: voice arrives on the caller's side of the forwarded call.
        var heard = false
        for await event in unanswered.media.events where event == .voiceStarted {
            heard = true
            break
        }
        #expect(heard, "the greeting was heard before the call ended: \(server.log.suffix(3000))")
        await unanswered.hangUp()
        #expect(server.log.contains("call answering for 4002 (Carol Clark), no-answer, standard greeting"))

        guard case .answeredByPhone = try await pbx.call(from: "4000", to: "4003") else {
            Issue.record("4003 answers its own phone")
            return
        }
        await pbx.stop()
    }

    @Test("the voicemail button and a direct call to the pilot")
    func buttonAndPilot() async throws {
        let (pbx, server) = try await Self.pbx(.diversion)
        guard case .reachedUM(let button) = try await pbx.pressVoicemailButton(on: "4003") else {
            Issue.record("the voicemail button should reach the UM")
            return
        }
        await button.hangUp()
        #expect(server.log.contains("voicemail button for 4003 (David Davis)"))
        guard case .reachedUM(let direct) = try await pbx.callPilot(from: "+442079460321") else {
            Issue.record("the pilot should answer")
            return
        }
        await direct.hangUp()
        await pbx.stop()
    }
}
