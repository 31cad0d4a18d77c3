import CallControl
import HeraldTestKit
import Speech
import Testing

@Suite("the Call API, scripted with FakeCall")
struct FakeCallTests {
    static let caller = CallerIdentity(number: "4001", displayName: nil, user: nil, withheld: false)

    /// A logon the way a flow will write it: welcome, extension, PIN.
    static func logOn(_ call: any Call) async throws(CallError) -> (String, String)? {
        _ = try await call.play(.phrase(.fixed(.welcome)))
        guard case .digits(let number, _) = try await call.collectDigits(max: 4) else { return nil }
        _ = try await call.play(.phrase(.fixed(.enterPIN)))
        guard case .digits(let pin, "#") = try await call.collectDigits(max: 10) else { return nil }
        return (number, pin)
    }

    @Test("a script reads straight through and leaves a transcript to compare")
    func transcript() async throws {
        let call = FakeCall(caller: Self.caller, keys: "4001135246#")
        let result = try await Self.logOn(call)
        #expect(result?.0 == "4001")
        #expect(result?.1 == "135246")
        #expect(call.transcript == [
            "play welcome", "collect max 4 → 4001", "play enterPIN", "collect max 10 → 135246#",
        ])
    }

    @Test("no keys: the collection times out with what was typed")
    func timeout() async throws {
        let call = FakeCall(caller: Self.caller, keys: "40")
        #expect(try await Self.logOn(call) == nil)
        #expect(call.transcript.last == "collect max 4 → 40 (timeout)")
    }

    @Test("after a hang-up every operation throws hungUp")
    func hangUp() async throws {
        let call = FakeCall(caller: Self.caller)
        await call.hangUp()
        await #expect(throws: CallError.hungUp) { try await call.play(.beep) }
        await #expect(throws: CallError.hungUp) { try await call.collectDigits(max: 1) }
    }

    @Test("a phrase with arguments is written with them")
    func arguments() async throws {
        let call = FakeCall(caller: Self.caller)
        _ = try await call.play([.phrase(.enterPIN(for: "Alice Anderson")), .beep], bargeIn: false)
        #expect(call.transcript == ["play enterPINForUser(name: Alice Anderson), beep"])
    }

    @Test("transfers end as scripted; a completed one ends the call")
    func transfers() async throws {
        let call = FakeCall(caller: Self.caller, transfers: [.busy, .completed])
        #expect(try await call.transfer(to: "4002") == .busy)
        #expect(!call.isHungUp, "a busy target leaves the caller with the flow")
        #expect(try await call.transfer(to: "4003") == .completed)
        #expect(call.isHungUp)
        #expect(call.transcript == ["transfer to 4002 → busy", "transfer to 4003 → completed"])
    }
}
