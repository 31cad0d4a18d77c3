@testable import MediaEngine
import NIOCore
import NIOEmbedded
import RTP
import Testing

/// Symmetric RTP (RFC 4961) against strays and spoofers, NAT, re-INVITEs and SSRC collisions (RFC 3550 §8.2), on
/// virtual time with packets handed to the session directly.
@Suite("latching: NAT, strays, re-INVITEs, SSRC collisions")
struct LatchingTests {
    static let signalled = try! SocketAddress(ipAddress: "127.0.0.1", port: 40000)   // the SDP's address in CoreHarness
    static let natted = try! SocketAddress(ipAddress: "127.0.0.1", port: 50002)
    static let stranger = try! SocketAddress(ipAddress: "127.0.0.9", port: 6666)

    @Test("the SDP's address is taken at once; a stranger's packets, even in sequence, do not take a live stream")
    func strangerCannotTakeOver() throws {
        let harness = try CoreHarness()
        harness.receive(from: Self.signalled, ssrc: 7, sequence: 1)
        #expect(harness.core.remoteLatched && harness.core.setup?.remoteRTP == Self.signalled)
        for sequence in UInt16(1)...5 {
            harness.receive(from: Self.stranger, ssrc: 99, sequence: sequence)
            harness.loop.advanceTime(by: .milliseconds(20))
            harness.receive(from: Self.signalled, ssrc: 7, sequence: sequence + 1)
        }
        #expect(harness.core.setup?.remoteRTP == Self.signalled)
        #expect(harness.core.counters.foreignSource == 5)
    }

    @Test("a peer behind NAT is learnt after two packets in sequence; one stray packet is not; a re-INVITE keeps it")
    func natIsLearnt() throws {
        let harness = try CoreHarness()
        harness.receive(from: Self.stranger, ssrc: 99, sequence: 500)
        harness.receive(from: Self.natted, ssrc: 7, sequence: 1)
        #expect(!harness.core.remoteLatched, "one packet from an address the SDP did not name is not enough")
        // A stranger interleaving its packets does not keep the peer out.
        harness.receive(from: Self.stranger, ssrc: 99, sequence: 900)
        harness.receive(from: Self.natted, ssrc: 7, sequence: 2)
        #expect(harness.core.remoteLatched && harness.core.setup?.remoteRTP == Self.natted)
        harness.loop.advanceTime(by: .milliseconds(100))
        #expect(try harness.destinations() == [Self.natted])
        // A session refresh or hold re-INVITE with the same SDP address keeps sending where the peer really is.
        try harness.core.configure(CoreHarness.setup(ptime: 20))
        harness.loop.advanceTime(by: .milliseconds(100))
        #expect(try harness.destinations() == [Self.natted])
    }

    @Test("after a second of silence the same SSRC from a new port (a NAT rebinding) is followed; another SSRC is not")
    func natRebinding() throws {
        let harness = try CoreHarness()
        harness.receive(from: Self.natted, ssrc: 7, sequence: 1)
        harness.receive(from: Self.natted, ssrc: 7, sequence: 2)
        harness.loop.advanceTime(by: .milliseconds(1500))
        harness.receive(from: Self.stranger, ssrc: 99, sequence: 10)
        harness.receive(from: Self.stranger, ssrc: 99, sequence: 11)
        #expect(harness.core.setup?.remoteRTP == Self.natted, "a silent peer's stream is not given to another SSRC")
        let rebound = try SocketAddress(ipAddress: "127.0.0.1", port: 50010)
        harness.receive(from: rebound, ssrc: 7, sequence: 80)
        harness.receive(from: rebound, ssrc: 7, sequence: 81)
        #expect(harness.core.setup?.remoteRTP == rebound)
    }

    @Test("a peer using our SSRC makes us take a new one, once; our own packets reflected back are dropped")
    func ssrcCollision() throws {
        let harness = try CoreHarness()
        let original = harness.core.ssrc
        harness.receive(from: Self.signalled, ssrc: original, sequence: 1)
        let renewed = harness.core.ssrc
        #expect(renewed != original)
        harness.loop.advanceTime(by: .milliseconds(20))
        harness.receive(from: Self.signalled, ssrc: renewed, sequence: 2)
        #expect(harness.core.ssrc == renewed, "a loop reflecting our packets must not make us change SSRC for ever")
    }

    @Test("a payload type that was not negotiated neither latches nor counts as audio")
    func unknownPayloadType() throws {
        let harness = try CoreHarness()
        harness.receive(from: Self.signalled, ssrc: 7, sequence: 1, payloadType: 96)
        #expect(!harness.core.remoteLatched)
        #expect(harness.core.counters.unexpectedPayloadType == 1)
    }
    @Test("telephone events under an SSRC of their own (some gateways) are keys, and the audio source stays as it was")
    func eventsOnTheirOwnSSRC() throws {
        let harness = try CoreHarness()
        for sequence in UInt16(1)...5 { harness.receive(from: Self.signalled, ssrc: 7, sequence: sequence) }
        let audioPackets = harness.core.reception?.packetsReceived
        for packet in TelephoneEventSender.rtpPackets(
            digit: "4", durationMs: 100, startTimestamp: 90_000, startSequenceNumber: 30_000, ssrc: 99, payloadType: 101) {
            harness.core.receive(ByteBuffer(bytes: packet.serialized), from: Self.signalled, onRTCPPort: false)
        }
        #expect(harness.core.typeAhead == ["4"])
        #expect(harness.core.remoteSSRC == 7)
        // The audio goes on in its own sequence, every packet counted.
        for sequence in UInt16(6)...10 { harness.receive(from: Self.signalled, ssrc: 7, sequence: sequence) }
        #expect(harness.core.reception?.packetsReceived == (audioPackets ?? 0) + 5)
    }
    @Test("a key before any audio does not make its SSRC the source: the audio's does, and keys stay proven")
    func keyBeforeAudio() throws {
        let harness = try CoreHarness()
        for packet in TelephoneEventSender.rtpPackets(
            digit: "2", durationMs: 100, startTimestamp: 90_000, startSequenceNumber: 30_000, ssrc: 99, payloadType: 101) {
            harness.core.receive(ByteBuffer(bytes: packet.serialized), from: Self.signalled, onRTCPPort: false)
        }
        #expect(harness.core.typeAhead == ["2"])
        #expect(harness.core.remoteSSRC == nil)
        for sequence in UInt16(1)...5 { harness.receive(from: Self.signalled, ssrc: 7, sequence: sequence) }
        #expect(harness.core.remoteSSRC == 7)
        // In-band detection stays off: the peer proved it sends events (a gateway that also leaks tones gives no double key).
        #expect(harness.core.sawTelephoneEvent)
    }
}
