import Codecs
import HeraldTestKit
import Foundation
import Logging
import MediaEngine
import SDP
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// Herald's side of a media call: a user agent and a media engine.
struct HeraldMedia {
    let agent: SIPUserAgent
    let engine: MediaEngine

    static func start(_ kinds: [SIPTransportAddress.Transport] = [.udp], tls: SIPTLSConfiguration? = nil) async throws -> HeraldMedia {
        HeraldMedia(
            agent: try await startHerald(kinds, tls: tls),
            engine: MediaEngine(configuration: MediaEngineConfiguration(codecPreference: [.pcmu, .pcma]), logger: Logger(label: "test.media")))
    }

    /// Answers the next incoming call with media.
    func answerNext(secure: Bool = false) async throws -> (SIPCall, MediaSession)? {
        for await incoming in agent.incomingCalls {
            let session = try await engine.openSession(secureSignalling: secure)
            let answer = try await session.answer(try SessionDescription(parsing: incoming.offer))
            let call = try await incoming.answer(sdp: answer.serializedBytes())
            return (call, session)
        }
        return nil
    }

    func stop() async {
        await agent.shutdown()
        await engine.shutdown()
    }
}

@Suite("baresip and Herald exchange audio and DTMF", .tags(.interop), .serialized, .timeLimit(.minutes(1)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/baresip")))
struct BaresipMediaTests {
    @Test("baresip's RFC 4733 DTMF reaches collectDigits, each digit once")
    func rfc4733FromBaresip() async throws {
        let herald = try await HeraldMedia.start()
        let baresip = try await Baresip.start()
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        async let answered = herald.answerNext()
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port)")
        let (call, session) = try #require(try await answered)
        #expect(await baresip.waitForEvent("CALL_ESTABLISHED") != nil)
        for digit in "4000#" { try await baresip.command("sndcode", String(digit)) }
        #expect(try await session.collectDigits(max: 10, firstDigitTimeout: .seconds(10)) == .digits("4000", terminator: "#"))
        await session.close()
        await call.hangUp()
        await baresip.stop()
        await herald.stop()
    }

    @Test("DTMF tones in baresip's audio are detected in-band")
    func inbandFromBaresip() async throws {
        var microphone = ToneGenerator.silence(durationMs: 1000, sampleRate: 8000)
        for digit in "1357#" {
            microphone += ToneGenerator.dtmf(digit, durationMs: 100, sampleRate: 8000) + ToneGenerator.silence(durationMs: 100, sampleRate: 8000)
        }
        let herald = try await HeraldMedia.start()
        let baresip = try await Baresip.start(microphone: microphone)
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        async let answered = herald.answerNext()
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port)")
        let (call, session) = try #require(try await answered)
        #expect(try await session.collectDigits(max: 10, firstDigitTimeout: .seconds(10)) == .digits("1357", terminator: "#"))
        await session.close()
        await call.hangUp()
        await baresip.stop()
        await herald.stop()
    }

    @Test("Herald records baresip's audio, and baresip hears Herald's prompt", arguments: [false, true])
    func audioBothWays(srtp: Bool) async throws {
        let herald = try await HeraldMedia.start()
        let baresip = try await Baresip.start(microphone: ToneGenerator.silence(durationMs: 500, sampleRate: 8000) + ToneSequence.samples, srtp: srtp)
        let port = try #require(herald.agent.transport.localAddress(.udp)).port
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("herald-from-baresip-\(UUID().uuidString).wav").path
        defer { try? FileManager.default.removeItem(atPath: recording) }
        async let answered = herald.answerNext()
        try await baresip.command("dial", "sip:5000@127.0.0.1:\(port)")
        let (call, session) = try #require(try await answered)
        async let recorded = session.record(to: recording, maxDuration: .milliseconds(2800))
        #expect(try await session.play([.silence(milliseconds: 300), .audio(PCMAudio(sampleRate: 8000, samples: ToneSequence.samples))], bargeIn: false) == .completed)
        _ = try await recorded
        #expect(try await session.statistics().secure == srtp)
        await session.close()
        await call.hangUp()
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        await herald.stop()

        #expect(ToneSequence.heard(in: try WAVFile.read(path: recording)) == ToneSequence.frequencies, "Herald's recording of baresip")
        let heard = try #require(baresip.heardPaths.first, "sndfile wrote no recording")
        #expect(ToneSequence.heard(in: try WAVFile.read(path: heard)) == ToneSequence.frequencies, "baresip's recording of Herald")
    }

    @Test("Herald calls baresip over TLS with SRTP: keys offered, accepted, audio both ways")
    func heraldCallsWithSRTP() async throws {
        let (tls, peerTLS) = try BaresipTests.tlsSetup()
        let herald = try await HeraldMedia.start([.tls], tls: tls)
        let baresip = try await Baresip.start(autoAnswer: true, transport: .tls, tls: peerTLS,
                                              microphone: ToneGenerator.silence(durationMs: 500, sampleRate: 8000) + ToneSequence.samples, srtp: true)
        let session = try await herald.engine.openSession(secureSignalling: true)
        let offer = session.makeOffer()
        #expect(String(decoding: offer.serializedBytes(), as: UTF8.self).contains("a=crypto:"))
        var target = SIPURI(user: "caller", host: "127.0.0.1", port: baresip.port(for: .tls))
        target.parameters.append("transport", "tls")
        let call = try await herald.agent.call(
            to: target, from: NameAddress(displayName: "Herald", uri: SIPURI(user: "5000", host: "127.0.0.1")),
            offer: offer.serializedBytes(), ringTimeout: .seconds(20))
        try await session.receiveAnswer(try SessionDescription(parsing: call.remoteSDP))
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("herald-srtp-\(UUID().uuidString).wav").path
        defer { try? FileManager.default.removeItem(atPath: recording) }
        async let recorded = session.record(to: recording, maxDuration: .milliseconds(2800))
        _ = try await session.play([.silence(milliseconds: 300), .audio(PCMAudio(sampleRate: 8000, samples: ToneSequence.samples))], bargeIn: false)
        _ = try await recorded
        let statistics = try await session.statistics()
        #expect(statistics.secure)
        #expect(statistics.authenticationFailures == 0)
        await session.close()
        await call.hangUp()
        #expect(await baresip.waitForEvent("CALL_CLOSED") != nil)
        await baresip.stop()
        await herald.stop()
        #expect(ToneSequence.heard(in: try WAVFile.read(path: recording)) == ToneSequence.frequencies, "Herald's recording of baresip")
        let heard = try #require(baresip.heardPaths.first, "sndfile wrote no recording")
        #expect(ToneSequence.heard(in: try WAVFile.read(path: heard)) == ToneSequence.frequencies, "baresip's recording of Herald")
    }
}
