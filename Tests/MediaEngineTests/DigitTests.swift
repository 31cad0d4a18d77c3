import Codecs
import Foundation
import MediaEngine
import SDP
import Testing

@Suite("digits from every source reach collectDigits", .timeLimit(.minutes(1)))
struct DigitTests {
    @Test("RFC 4733 events: every digit exactly once, terminator not included")
    func telephoneEvents() async throws {
        let pair = try await MediaPair.open()
        try await pair.caller.sendDigits("4000#")
        let outcome = try await pair.callee.collectDigits(max: 10, firstDigitTimeout: .seconds(5))
        #expect(outcome == .digits("4000", terminator: "#"))
        await pair.close()
    }

    @Test("a sequence of 16 different keys arrives in order", arguments: [AudioCodecKind.pcmu, .g722, .opus])
    func allKeys(codec: AudioCodecKind) async throws {
        let pair = try await MediaPair.open(codec: codec)
        try await pair.caller.sendDigits("0123456789*ABCD#")
        // Generous timeouts: the test is about order and exactly-once; a loaded machine may hold the loop for a while.
        let outcome = try await pair.callee.collectDigits(max: 20, firstDigitTimeout: .seconds(10), interDigitTimeout: .seconds(10))
        #expect(outcome == .digits("0123456789*ABCD", terminator: "#"))
        await pair.close()
    }

    @Test("over Opus, keys travel as RFC 4733 events on its 48 kHz clock, not as tones through the codec")
    func opusUsesEvents() async throws {
        let pair = try await MediaPair.open(codec: .opus)
        let first = Task { () -> MediaEvent? in
            for await event in pair.callee.events { if case .digit = event { return event } }
            return nil
        }
        try await pair.caller.sendDigits("5")
        #expect(try await pair.callee.collectDigits(max: 1, firstDigitTimeout: .seconds(10)) == .digits("5", terminator: nil))
        // Closed first, so that the events end even if no digit came.
        await pair.close()
        #expect(await first.value == .digit("5", source: .rfc4733))
    }

    @Test("in-band tones in the audio are detected as digits")
    func inbandDigits() async throws {
        let pair = try await MediaPair.open(codec: .pcmu)
        var prompt: [Prompt] = []
        for digit in "2580#" {
            prompt.append(.audio(PCMAudio(sampleRate: 8000, samples: ToneGenerator.dtmf(digit, durationMs: 80, sampleRate: 8000))))
            prompt.append(.silence(milliseconds: 80))
        }
        async let played = pair.caller.play(prompt, bargeIn: false)
        let outcome = try await pair.callee.collectDigits(max: 10, firstDigitTimeout: .seconds(5))
        #expect(outcome == .digits("2580", terminator: "#"))
        _ = try await played
        await pair.close()
    }

    @Test("a peer that sends both events and tones is heard once")
    func noDoubleDigits() async throws {
        let pair = try await MediaPair.open(codec: .pcmu)
        try await pair.caller.sendDigits("1")
        #expect(try await pair.callee.collectDigits(max: 1) == .digits("1", terminator: nil))
        // The same peer now also plays tones in its audio: in-band detection is off for this stream.
        let tones: [Prompt] = [.audio(PCMAudio(sampleRate: 8000, samples: ToneGenerator.dtmf("7", durationMs: 100, sampleRate: 8000)))]
        _ = try await pair.caller.play(tones + [.silence(milliseconds: 300)], bargeIn: false)
        try await pair.caller.sendDigits("9")
        #expect(try await pair.callee.collectDigits(max: 1) == .digits("9", terminator: nil))
        await pair.close()
    }

    @Test("SIP INFO digits go into the same stream")
    func sipInfo() async throws {
        let pair = try await MediaPair.open()
        for digit in "135246#" { try await pair.callee.deliverSIPInfoDigit(digit) }
        #expect(try await pair.callee.collectDigits(max: 10) == .digits("135246", terminator: "#"))
        await pair.close()
    }

    @Test("no digit: the first-digit timeout ends the collection")
    func firstDigitTimeout() async throws {
        let pair = try await MediaPair.open()
        let started = ContinuousClock.now
        #expect(try await pair.callee.collectDigits(max: 4, firstDigitTimeout: .milliseconds(300)) == .timedOut(""))
        #expect(ContinuousClock.now - started >= .milliseconds(280))
        await pair.close()
    }

    @Test("a pause after some digits ends the collection with what was typed")
    func interDigitTimeout() async throws {
        let pair = try await MediaPair.open()
        try await pair.caller.sendDigits("12")
        // The two keys leave 160 ms apart; 1.5 s between them allows for a stalled loop on a loaded machine.
        let outcome = try await pair.callee.collectDigits(max: 6, firstDigitTimeout: .seconds(5), interDigitTimeout: .milliseconds(1500))
        #expect(outcome == .timedOut("12"))
        await pair.close()
    }

    @Test("a key pressed during a prompt interrupts it and is the first digit collected")
    func bargeIn() async throws {
        let pair = try await MediaPair.open()
        async let outcome = pair.callee.play([.tone(frequencies: [440], milliseconds: 10_000, levelDBm0: -20)], bargeIn: true)
        try await pair.caller.sendDigits("5")
        #expect(try await outcome == .interrupted("5"))
        #expect(try await pair.callee.collectDigits(max: 1) == .digits("5", terminator: nil))
        await pair.close()
    }

    @Test("type-ahead skips the next prompt that allows barge-in, and flushDigits forgets it")
    func typeAhead() async throws {
        let pair = try await MediaPair.open()
        for digit in "12" { try await pair.callee.deliverSIPInfoDigit(digit) }
        #expect(try await pair.callee.play([.silence(milliseconds: 5000)], bargeIn: true) == .interrupted("1"))
        try await pair.callee.flushDigits()
        #expect(try await pair.callee.play([.silence(milliseconds: 100)], bargeIn: true) == .completed)
        await pair.close()
    }

    @Test("cancelling a collection throws CancellationError and leaves the session usable")
    func cancellation() async throws {
        let pair = try await MediaPair.open()
        let task = Task { try await pair.callee.collectDigits(max: 4, firstDigitTimeout: .seconds(30)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        try await pair.callee.deliverSIPInfoDigit("3")
        #expect(try await pair.callee.collectDigits(max: 1) == .digits("3", terminator: nil))
        await pair.close()
    }

    @Test("closing the session ends a waiting collection")
    func closeEndsCollection() async throws {
        let pair = try await MediaPair.open()
        let task = Task { try await pair.callee.collectDigits(max: 4, firstDigitTimeout: .seconds(30)) }
        // Whether the collection was already waiting or not, it ends with sessionClosed.
        await pair.callee.close()
        await #expect(throws: MediaError.self) { try await task.value }
        await pair.close()
    }
}
