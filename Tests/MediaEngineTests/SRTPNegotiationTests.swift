import Codecs
import Logging
import MediaEngine
import RTP
import SDP
import Synchronization
import HeraldTestKit
import Testing

@Suite("SDES keys and clear signalling (RFC 4568 §8.3)", .timeLimit(.minutes(1)))
struct ClearSignallingSRTPTests {
    static func key(in description: SessionDescription) -> [UInt8]? {
        description.mediaDescriptions.first?.cryptoAttributes.first?.keyParameters.first?.keySalt
    }

    @Test("over clear signalling, keys on RTP/AVP get a plain answer without ours, and the call works")
    func opportunisticOfferOverClearSignalling() async throws {
        var opportunistic = MediaEngineConfiguration()
        opportunistic.secureOffer = .opportunistic
        var offered: SessionDescription?
        let pair = try await MediaPair.open(
            secure: true, calleeSecure: false, callerConfiguration: opportunistic, mangleOffer: { offered = $0 })
        #expect(offered.flatMap(Self.key(in:)) != nil, "the caller's offer carries keys")
        #expect(offered?.mediaDescriptions.first?.proto == "RTP/AVP")
        try await pair.caller.sendDigits("3#")
        #expect(try await pair.callee.collectDigits(max: 5) == .digits("3", terminator: "#"))
        #expect(try await !pair.callee.statistics().secure)
        #expect(try await !pair.caller.statistics().secure)
        await pair.close()
    }

    @Test("the answer itself carries no a=crypto")
    func noKeyInTheAnswer() async throws {
        let engine = MediaEngine(logger: .init(label: "test"))
        let session = try await engine.openSession(secureSignalling: false)
        let peer = try SRTPPeer()
        var offer = try peer.offer(key: Array(repeating: 7, count: 30), version: 1)
        offer.mediaDescriptions[0].proto = "RTP/AVP"
        let answer = try await session.answer(offer)
        #expect(answer.mediaDescriptions[0].proto == "RTP/AVP")
        #expect(!String(decoding: answer.serializedBytes(), as: UTF8.self).contains("a=crypto"))
        await session.close()
        await engine.shutdown()
    }

    @Test("over clear signalling, RTP/SAVP gets SRTP by default, with one notice per call")
    func requiredSRTPOverClearSignalling() async throws {
        let log = LogLines()
        let callerEngine = MediaEngine(logger: .init(label: "test.caller"))
        let calleeEngine = MediaEngine(logger: log.logger(label: "test.media"))
        let caller = try await callerEngine.openSession(secureSignalling: true)
        let callee = try await calleeEngine.openSession(secureSignalling: false)
        let offer = caller.makeOffer()
        #expect(offer.mediaDescriptions[0].proto == "RTP/SAVP")
        try await caller.receiveAnswer(try await callee.answer(offer))
        // A re-INVITE from the peer must not repeat the notice.
        _ = try await callee.answer(offer)
        try await caller.sendDigits("9")
        #expect(try await callee.collectDigits(max: 1) == .digits("9", terminator: nil))
        #expect(try await callee.statistics().secure)
        #expect(try await callee.statistics().authenticationFailures == 0)
        let notices = log.snapshot.filter { $0.hasPrefix("notice") && $0.contains("in clear") }
        #expect(notices.count == 1, "\(notices)")
        await caller.close()
        await callee.close()
        await callerEngine.shutdown()
        await calleeEngine.shutdown()
    }

    @Test("over clear signalling, RTP/SAVP is refused with 488 when configured to never send keys in clear")
    func requiredSRTPRefused() async throws {
        var never = MediaEngineConfiguration()
        never.clearSignallingSRTP = .never
        let engine = MediaEngine(configuration: never, logger: .init(label: "test"))
        let session = try await engine.openSession(secureSignalling: false)
        let peer = try SRTPPeer()
        let error = await #expect(throws: SDPError.self) {
            try await session.answer(peer.offer(key: Array(repeating: 7, count: 30), version: 1))
        }
        #expect(error?.sipStatus == 488)
        #expect(error?.warningCode == 302)
        #expect(error?.warningText.contains("SRTP keys are refused on clear signalling") == true, "\(String(describing: error))")
        // Over TLS the same offer is fine.
        let secure = try await engine.openSession(secureSignalling: true)
        _ = try await secure.answer(peer.offer(key: Array(repeating: 7, count: 30), version: 1))
        #expect(try await secure.statistics().secure)
        await secure.close()
        await session.close()
        await engine.shutdown()
    }
}

@Suite("SRTP re-keying never restarts a context on the same key (RFC 3711 §9.1)", .timeLimit(.minutes(1)))
struct SRTPRekeyingTests {
    static let peerKeys: [[UInt8]] = [Array(repeating: 0x11, count: 30), Array(repeating: 0x22, count: 30)]

    /// An engine with frequent RTCP, so SRTCP indexes advance quickly, and a session answering over TLS.
    static func open() async throws -> (MediaEngine, MediaSession, SRTPPeer) {
        var fast = MediaEngineConfiguration()
        fast.rtcpInterval = .milliseconds(100)
        let engine = MediaEngine(configuration: fast, logger: .init(label: "test"))
        return (engine, try await engine.openSession(secureSignalling: true), try SRTPPeer())
    }

    static func ourKey(in answer: SessionDescription) throws -> [UInt8] {
        try #require(answer.mediaDescriptions[0].cryptoAttributes.first?.keyParameters.first?.keySalt)
    }

    @Test("a re-offer that changes only the peer's key keeps our context: our SRTP and SRTCP still authenticate where earlier packets did")
    func peerRekey() async throws {
        let (engine, session, peer) = try await Self.open()
        let answer = try await session.answer(peer.offer(key: Self.peerKeys[0], version: 1))
        let ours = try Self.ourKey(in: answer)
        let receiver = try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: ours, direction: .inbound)
        let before = await peer.receive(for: .milliseconds(600), with: receiver)
        #expect(before.rtp > 10 && before.rtcp >= 2 && before.failures.isEmpty, "\(before)")

        let reanswer = try await session.answer(peer.offer(key: Self.peerKeys[1], version: 2))
        #expect(try Self.ourKey(in: reanswer) == ours)
        let after = await peer.receive(for: .milliseconds(800), with: receiver)
        #expect(after.rtp > 10 && after.rtcp >= 2, "\(after)")
        #expect(after.failures.isEmpty, "a restarted outbound context replays SRTCP indexes: \(after.failures)")
        await session.close()
        await engine.shutdown()
    }

    @Test("a re-offer that changes the suite gets a new key of ours, and the stream goes on under it")
    func suiteChange() async throws {
        let (engine, session, peer) = try await Self.open()
        let first = try Self.ourKey(in: try await session.answer(peer.offer(key: Self.peerKeys[0], version: 1)))
        let reanswer = try await session.answer(peer.offer(key: Self.peerKeys[0], suites: [.AES_CM_128_HMAC_SHA1_32], version: 2))
        #expect(reanswer.mediaDescriptions[0].cryptoAttributes.first?.suite == .AES_CM_128_HMAC_SHA1_32)
        let second = try Self.ourKey(in: reanswer)
        #expect(second != first)
        let receiver = try SRTPContext(profile: .aesCM128HmacSHA1_32, masterKeyAndSalt: second, direction: .inbound)
        let after = await peer.receive(for: .milliseconds(600), with: receiver)
        // Packets sent before the re-offer may still be queued; everything after must authenticate.
        #expect(after.rtp > 10 && after.rtcp >= 2, "\(after)")
        #expect(after.lateFailures.isEmpty, "\(after.lateFailures)")
        await session.close()
        await engine.shutdown()
    }

    @Test("SRTP dropped by a re-offer and taken up again comes back with a new key of ours")
    func srtpOffAndOn() async throws {
        let (engine, session, peer) = try await Self.open()
        let first = try Self.ourKey(in: try await session.answer(peer.offer(key: Self.peerKeys[0], version: 1)))
        let plain = try await session.answer(peer.offer(key: Self.peerKeys[0], srtp: false, version: 2))
        #expect(plain.mediaDescriptions[0].cryptoAttributes.isEmpty)
        #expect(try await !session.statistics().secure)
        let again = try Self.ourKey(in: try await session.answer(peer.offer(key: Self.peerKeys[0], version: 3)))
        #expect(again != first)
        await session.close()
        await engine.shutdown()
    }

    @Test("our own re-offer while SRTP runs keeps our key and offers only the running suite: no packet fails at the peer")
    func ourReofferKeepsTheContext() async throws {
        var firstOffer: SessionDescription?
        let pair = try await MediaPair.open(secure: true, mangleOffer: { offer in
            offer.mediaDescriptions[0].attributes.removeAll { $0.name == "crypto" && $0.value?.contains("_80") == true }
            firstOffer = offer
        })
        _ = try await pair.caller.play([.silence(milliseconds: 300)], bargeIn: false)
        let reoffer = pair.caller.makeOffer()
        let crypto = reoffer.mediaDescriptions[0].cryptoAttributes
        #expect(crypto.map(\.suite) == [.AES_CM_128_HMAC_SHA1_32])
        #expect(crypto.first?.keyParameters.first?.keySalt == firstOffer.flatMap(ClearSignallingSRTPTests.key(in:)))
        try await pair.caller.receiveAnswer(try await pair.callee.answer(reoffer))
        let before = try await pair.callee.statistics().packetsReceived
        _ = try await pair.caller.play([.silence(milliseconds: 400)], bargeIn: false)
        let callee = try await pair.callee.statistics()
        #expect(callee.secure && callee.packetsReceived > before + 10)
        #expect(callee.authenticationFailures == 0)
        await pair.close()
    }

    @Test("our own re-offer after SRTP was dropped carries a new key and every suite")
    func ourReofferAfterPlainRTP() async throws {
        let (engine, session, peer) = try await Self.open()
        let first = try Self.ourKey(in: try await session.answer(peer.offer(key: Self.peerKeys[0], version: 1)))
        _ = try await session.answer(peer.offer(key: Self.peerKeys[0], srtp: false, version: 2))
        let reoffer = session.makeOffer()
        let crypto = reoffer.mediaDescriptions[0].cryptoAttributes
        #expect(crypto.map(\.suite) == [.AES_CM_128_HMAC_SHA1_80, .AES_CM_128_HMAC_SHA1_32])
        #expect(crypto.allSatisfy { $0.keyParameters.first?.keySalt != first })
        await session.close()
        await engine.shutdown()
    }
}
