@testable import MediaEngine
import NIOCore
import NIOEmbedded
import Testing

/// A hold stops a digit collection's clock, by wall time, even when the loop catches up after a stall. Virtual time on
/// an embedded loop: over loopback, a loaded machine's scheduling decides more than the hold does.
@Suite("a hold stops the digit timeout")
struct HoldClockTests {
    /// Collects one digit with a 1.5 s first-digit timeout while `script` runs on the harness; the outcome.
    static func collect(_ script: @escaping (CoreHarness) throws -> Void) async throws -> DigitsOutcome {
        try await withCheckedThrowingContinuation { continuation in
            do {
                // Made here, on the thread that then drives it: an embedded loop belongs to one thread.
                let harness = try CoreHarness()
                harness.core.startCollection(DigitCollection(
                    id: 1, maximum: 1, terminators: [], interDigitTimeout: .seconds(3),
                    deadline: harness.loop.now + .milliseconds(1500), continuation: continuation))
                try script(harness)
                harness.core.cancelCollection(id: 1)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    @Test("a caller back from three seconds on hold still answers a 1.5 s prompt")
    func holdPausesTheTimeout() async throws {
        let outcome = try await Self.collect { harness in
            try harness.direct(sends: false)
            harness.advance(packetTimes: 150)
            try harness.direct()
            harness.advance(packetTimes: 50)
            harness.core.deliverDigit("7", source: .sipInfo, sampleOffset: nil)
        }
        #expect(outcome == .digits("7", terminator: nil))
    }

    @Test("a loop catching up after a stall runs the missed ticks at one time: the first does not time out a held caller")
    func catchUpOnHold() async throws {
        let outcome = try await Self.collect { harness in
            try harness.direct(sends: false)
            harness.advance(packetTimes: 10)
            // Two seconds stalled, then every missed tick at once (an embedded loop would run them at their own times).
            let late = harness.loop.now + .seconds(2)
            for _ in 0..<100 { harness.core.serviceTick(now: late) }
            harness.core.deliverDigit("7", source: .sipInfo, sampleOffset: nil)
        }
        #expect(outcome == .digits("7", terminator: nil))
    }

    @Test("after the resume the clock runs again: the rest of the 1.5 s passes and the prompt times out")
    func clockRunsAfterTheResume() async throws {
        let outcome = try await Self.collect { harness in
            try harness.direct(sends: false)
            harness.advance(packetTimes: 150)
            try harness.direct()
            harness.advance(packetTimes: 80)
            harness.core.deliverDigit("7", source: .sipInfo, sampleOffset: nil)
        }
        #expect(outcome == .timedOut(""))
    }
}
