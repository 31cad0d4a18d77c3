import Codecs
import Foundation
import Logging
import MediaEngine
import SDP
import Testing

@Suite("play and record over loopback RTP", .timeLimit(.minutes(1)))
struct PlayAndRecordTests {
    static let tones: [Double] = [600, 1000, 1400, 800]

    /// The tone sequence the caller plays: each tone 300 ms with 60 ms of silence between.
    static var prompt: [Prompt] {
        tones.flatMap { [Prompt.tone(frequencies: [$0], milliseconds: 300, levelDBm0: -12), .silence(milliseconds: 60)] }
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("herald-media-\(UUID().uuidString)-\(name)").path
    }

    @Test("a prompt played by one side is found in the other side's recording", arguments: AudioCodecKind.allCases.filter { $0 != .l16 })
    func promptReachesRecording(codec: AudioCodecKind) async throws {
        let pair = try await MediaPair.open(codec: codec)
        let path = Self.temporaryPath("\(codec).wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(pair.callee.codec?.kind == codec)

        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(20))
        // What the callee noticed until the stop digit, for the failure message.
        let noticed = Task { () -> [String] in
            var seen: [String] = []
            for await event in pair.callee.events {
                seen.append("\(event)")
                if case .digit = event { break }
            }
            return seen
        }
        let played = try await pair.caller.play(Self.prompt, bargeIn: false)
        try await pair.caller.sendDigits("#")
        let result = try await recording.value
        let audio = try WAVFile.read(path: path)
        let heard = ToneAnalysis.toneSequence(audio.samples, sampleRate: audio.sampleRate, candidates: Self.tones)
        let statistics = try await pair.callee.statistics()
        let caller = try await pair.caller.statistics()
        // Without a digit the events go on until the session closes: stop listening rather than wait for that.
        noticed.cancel()
        let events = await noticed.value
        let seen = "through \(codec) in \(result.duration) (\(result.endReason)); callee \(statistics); caller \(caller); events \(events)"
        #expect(played == .completed)
        #expect(result.endReason == .stopDigit("#"), "\(seen)")
        #expect(result.heardVoice)
        #expect(heard == Self.tones, "heard \(heard) \(seen)")
        await pair.close()
    }

    @Test("G.711 WAV recording keeps the audio at 8 kHz")
    func ulawRecording() async throws {
        let pair = try await MediaPair.open(codec: .pcma)
        let path = Self.temporaryPath("ulaw.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = await pair.callee.startRecording(to: path, format: .ulaw, maxDuration: .seconds(20))
        _ = try await pair.caller.play(Self.prompt, bargeIn: false)
        try await pair.caller.sendDigits("#")
        let result = try await recording.value
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[20] == 7 && bytes[21] == 0, "WAVE_FORMAT_MULAW")
        let audio = try WAVFile.read(path: path)
        #expect(audio.sampleRate == 8000)
        #expect(abs(audio.duration.milliseconds - result.duration.milliseconds) <= 1)
        #expect(ToneAnalysis.toneSequence(audio.samples, sampleRate: 8000, candidates: Self.tones) == Self.tones)
        await pair.close()
    }

    @Test("SRTP is used when keys were exchanged over secure signalling, and audio still flows")
    func secureMedia() async throws {
        let pair = try await MediaPair.open(codec: .pcmu, secure: true)
        let path = Self.temporaryPath("srtp.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(20))
        _ = try await pair.caller.play(Self.prompt, bargeIn: false)
        try await pair.caller.sendDigits("#")
        _ = try await recording.value
        let audio = try WAVFile.read(path: path)
        #expect(ToneAnalysis.toneSequence(audio.samples, sampleRate: audio.sampleRate, candidates: Self.tones) == Self.tones)
        let callerStatistics = try await pair.caller.statistics()
        let calleeStatistics = try await pair.callee.statistics()
        #expect(callerStatistics.secure && calleeStatistics.secure)
        #expect(calleeStatistics.authenticationFailures == 0)
        #expect(calleeStatistics.packetsReceived > 50)
        await pair.close()
    }

    @Test("without TLS signalling our offer carries no keys")
    func noKeysInClear() async throws {
        let engine = MediaEngine(logger: .init(label: "test"))
        let session = try await engine.openSession(secureSignalling: false)
        let offer = session.makeOffer()
        #expect(!String(decoding: offer.serializedBytes(), as: UTF8.self).contains("a=crypto"))
        await session.close()
        await engine.shutdown()
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
