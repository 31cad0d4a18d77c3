@testable import MediaEngine
import NIOCore
import NIOEmbedded
import Foundation
import RTP
import SDP
import Testing

/// A far end that vanished without a BYE: no RTP and no RTCP for `mediaTimeout` (60 s by default) while it should be
/// sending. Virtual time on an embedded loop, so a minute takes no time.
@Suite("media timeout: a far end that stops sending is found gone, one on hold is not")
struct MediaTimeoutTests {
    static let peer = try! SocketAddress(ipAddress: "127.0.0.1", port: 40000)
    static let peerRTCP = try! SocketAddress(ipAddress: "127.0.0.1", port: 40001)

    /// Runs `seconds` of packet times; the peer sends an RTP packet in each while `sending`.
    static func run(_ harness: CoreHarness, seconds: Int, sending: Bool, sequence: inout UInt16) {
        for _ in 0..<(seconds * 50) {
            if sending {
                harness.receive(from: peer, ssrc: 77, sequence: sequence)
                sequence &+= 1
            }
            harness.loop.advanceTime(by: .milliseconds(20))
        }
    }

    /// 59 s without a packet is not yet gone; 61 s is.
    static func expectGoneAfterAMinuteOfSilence(_ harness: CoreHarness, sequence: inout UInt16) {
        run(harness, seconds: 59, sending: false, sequence: &sequence)
        #expect(!harness.core.mediaTimedOut)
        run(harness, seconds: 2, sending: false, sequence: &sequence)
        #expect(harness.core.mediaTimedOut)
    }

    @Test("found gone 60 s after the last packet (or after the stream started, for a peer that never sent), not before",
          arguments: [5, 0])
    func stoppedPeer(secondsSending: Int) throws {
        let harness = try CoreHarness()
        var sequence: UInt16 = 1
        Self.run(harness, seconds: secondsSending, sending: true, sequence: &sequence)
        Self.expectGoneAfterAMinuteOfSilence(harness, sequence: &sequence)
    }

    @Test("RTCP reports alone keep the call alive (a peer muted by silence suppression)")
    func rtcpKeepsAlive() throws {
        let harness = try CoreHarness()
        var sequence: UInt16 = 1
        Self.run(harness, seconds: 1, sending: true, sequence: &sequence)
        for _ in 0..<30 {
            let report = RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 77)).serialized
            harness.core.receive(ByteBuffer(bytes: report), from: Self.peerRTCP, onRTCPPort: true)
            Self.run(harness, seconds: 5, sending: false, sequence: &sequence)
        }
        #expect(!harness.core.mediaTimedOut, "150 s of RTCP every 5 s and no RTP")
    }

    /// How a hold leaves our side: the peer `sendonly` (we only receive), `recvonly` (we only send), `inactive`.
    static let holds: [(sends: Bool, receives: Bool)] = [(false, true), (true, false), (false, false)]

    @Test("on hold, in every form, the clock stops; after the resume it starts again", arguments: 0..<3)
    func holdStopsTheClock(hold: Int) throws {
        let harness = try CoreHarness()
        var sequence: UInt16 = 1
        Self.run(harness, seconds: 2, sending: true, sequence: &sequence)
        try harness.direct(sends: Self.holds[hold].sends, receives: Self.holds[hold].receives)
        Self.run(harness, seconds: 300, sending: false, sequence: &sequence)
        #expect(!harness.core.mediaTimedOut, "five minutes on hold")
        try harness.direct()
        Self.expectGoneAfterAMinuteOfSilence(harness, sequence: &sequence)
    }

    @Test("a hold past the hold timeout (600 s) is reported, in every form, even with no media timeout; a resume restarts it",
          arguments: 0..<3)
    func holdTimeout(hold: Int) throws {
        var configuration = MediaEngineConfiguration()
        configuration.mediaTimeout = nil
        let harness = try CoreHarness(configuration: configuration)
        var sequence: UInt16 = 1
        let (sends, receives) = Self.holds[hold]
        try harness.direct(sends: sends, receives: receives)
        Self.run(harness, seconds: 500, sending: false, sequence: &sequence)
        try harness.direct()
        Self.run(harness, seconds: 1, sending: true, sequence: &sequence)
        try harness.direct(sends: sends, receives: receives)
        Self.run(harness, seconds: 599, sending: false, sequence: &sequence)
        #expect(!harness.core.mediaTimedOut, "599 s of this hold (the 500 s before the resume do not count)")
        Self.run(harness, seconds: 2, sending: false, sequence: &sequence)
        #expect(harness.core.mediaTimedOut)
    }

    @Test("without a hold timeout a hold is never reported")
    func holdTimeoutDisabled() throws {
        var configuration = MediaEngineConfiguration()
        configuration.holdTimeout = nil
        let harness = try CoreHarness(configuration: configuration)
        var sequence: UInt16 = 1
        try harness.direct(sends: false, receives: false)
        Self.run(harness, seconds: 3600, sending: false, sequence: &sequence)
        #expect(!harness.core.mediaTimedOut)
    }

    @Test("without a media timeout nothing is ever reported")
    func disabled() throws {
        var configuration = MediaEngineConfiguration()
        configuration.mediaTimeout = nil
        let harness = try CoreHarness(configuration: configuration)
        var sequence: UInt16 = 1
        Self.run(harness, seconds: 120, sending: false, sequence: &sequence)
        #expect(!harness.core.mediaTimedOut)
    }
}

/// `waitForMediaTimeout()` between two real sessions over loopback, with a 4 s timeout: long enough that a loaded
/// machine's stalls do not pass for a silent peer (a fresh-clone CI run once stalled a loop for over a second).
@Suite("waitForMediaTimeout over loopback", .timeLimit(.minutes(1)))
struct MediaTimeoutLoopbackTests {
    static func open() async throws -> MediaPair {
        var quick = MediaEngineConfiguration()
        quick.mediaTimeout = .seconds(4)
        return try await MediaPair.open(calleeConfiguration: quick)
    }

    @Test("the far end closing its media (no BYE) is reported; while it sends, nothing is")
    func farEndGone() async throws {
        let pair = try await Self.open()
        let watch = Task { await pair.callee.waitForMediaTimeout() }
        // Five seconds of the caller's stream (it sends every 20 ms whether or not it plays), longer than the timeout,
        // pass without a report.
        _ = try await pair.caller.play([.silence(milliseconds: 5000)], bargeIn: false)
        #expect(try await pair.callee.statistics().packetsReceived >= 40)
        let closedAt = ContinuousClock.now
        await pair.caller.close()
        #expect(await watch.value)
        // Reported only after the stream stopped: had it fired while the caller sent, it would be done at once. (The
        // last packet left up to a packet time or two before `closedAt`, hence a little less than the full 4 s.)
        #expect(ContinuousClock.now - closedAt >= .milliseconds(3500))
        await pair.close()
    }

    @Test("a call left on hold past the hold timeout is reported, not before")
    func heldTooLong() async throws {
        var quick = MediaEngineConfiguration()
        quick.holdTimeout = .seconds(3)
        let pair = try await MediaPair.open(calleeConfiguration: quick)
        let watch = Task { await pair.callee.waitForMediaTimeout() }
        // (That a resume starts the clock over is checked on virtual time: over loopback the test's own steps may take
        // seconds on a loaded machine.)
        let heldAt = ContinuousClock.now
        try await pair.caller.receiveAnswer(try await pair.callee.answer(pair.caller.makeOffer(direction: .inactive)))
        #expect(await watch.value)
        #expect(ContinuousClock.now - heldAt >= .milliseconds(2900), "reported after the hold's 3 s")
        await pair.close()
    }

    @Test("closing the session, or cancelling the wait, ends it with false")
    func closedOrCancelled() async throws {
        let pair = try await Self.open()
        let cancelled = Task { await pair.callee.waitForMediaTimeout() }
        cancelled.cancel()
        #expect(await cancelled.value == false)
        let watch = Task { await pair.callee.waitForMediaTimeout() }
        await pair.callee.close()
        #expect(await watch.value == false)
        await pair.close()
    }
}
