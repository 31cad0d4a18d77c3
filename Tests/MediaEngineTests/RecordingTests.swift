import Codecs
import Foundation
import MediaEngine
import SDP
import Testing

@Suite("recording ends for every reason and keeps the audio", .timeLimit(.minutes(1)))
struct RecordingTests {
    static let speechLike: [Prompt] = [.tone(frequencies: [300, 900, 2100], milliseconds: 600, levelDBm0: -15)]

    @Test("a stop digit ends the recording and is not recorded as menu input")
    func stopDigit() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("stop.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = ContinuousClock.now
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(20), stopDigits: ["#"])
        _ = try await pair.caller.play(Self.speechLike, bargeIn: false)
        try await pair.caller.sendDigits("#")
        let result = try await recording.value
        let elapsed = ContinuousClock.now - started
        #expect(result.endReason == .stopDigit("#"))
        #expect(result.heardVoice)
        // The recording holds the voice and ends with the key: never more audio than the time it ran
        // (how long the far side took to begin playing depends on the machine's load).
        #expect(result.duration >= .milliseconds(500) && result.duration <= elapsed, "\(result.duration) of \(elapsed)")
        #expect(try await pair.callee.collectDigits(max: 1, firstDigitTimeout: .milliseconds(200)) == .timedOut(""))
        await pair.close()
    }

    @Test("silence after speech ends the recording and the silence is trimmed")
    func silenceTimeout() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("silence.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The silence timeout also runs before the first voice, so it must outlast the far side's start under load.
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(20), silenceTimeout: .seconds(4))
        _ = try await pair.caller.play(Self.speechLike, bargeIn: false)
        let result = try await recording.value
        #expect(result.endReason == .silence)
        let audio = try WAVFile.read(path: path)
        #expect(abs(audio.duration.milliseconds - result.duration.milliseconds) <= 1)
        // The 600 ms of voice are all there; of the 4 s of silence after it only the detector's hangover
        // (300 ms) is kept. (How much silence precedes the voice depends on when the far side began to play.)
        let loud = audio.samples.indices.filter { abs(Int(audio.samples[$0])) > 1000 }
        let voiced = Double((loud.last ?? 0) - (loud.first ?? 0)) / Double(audio.sampleRate)
        let trailing = Double(audio.samples.count - (loud.last ?? 0)) / Double(audio.sampleRate)
        #expect(voiced >= 0.55, "voice \(voiced) s")
        #expect(trailing <= 0.45, "trailing silence \(trailing) s")
        await pair.close()
    }

    @Test("a hold in the middle of a message: the music is not recorded, and the silence on hold does not end it")
    func holdDuringRecording() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("hold.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        func direction(_ direction: MediaDirection) async throws {
            try await pair.caller.receiveAnswer(try await pair.callee.answer(pair.caller.makeOffer(direction: direction)))
        }
        // The silence timeout also runs before the first voice: 5 s allows for a far side slow to start under load.
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(40), silenceTimeout: .seconds(5))
        _ = try await pair.caller.play([.tone(frequencies: [600], milliseconds: 500, levelDBm0: -12)], bargeIn: false)
        try await direction(.sendonly)
        // On hold: a second and a half of music, then more silence than the silence timeout.
        _ = try await pair.caller.play(
            [.tone(frequencies: [1400], milliseconds: 1500, levelDBm0: -12), .silence(milliseconds: 5500)], bargeIn: false)
        try await direction(.sendrecv)
        _ = try await pair.caller.play([.tone(frequencies: [1000], milliseconds: 500, levelDBm0: -12)], bargeIn: false)
        try await pair.caller.sendDigits("#")
        let result = try await recording.value
        #expect(result.endReason == .stopDigit("#"))
        let audio = try WAVFile.read(path: path)
        #expect(ToneAnalysis.toneSequence(audio.samples, sampleRate: audio.sampleRate, candidates: [600, 1400, 1000]) == [600, 1000])
        await pair.close()
    }

    @Test("cancelling the recording task keeps what was recorded")
    func cancellationKeepsAudio() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("cancel.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(30))
        _ = try await pair.caller.play(Self.speechLike, bargeIn: false)
        recording.cancel()
        let result = try await recording.value
        #expect(result.endReason == .cancelled)
        #expect(result.heardVoice)
        #expect(try WAVFile.read(path: path).duration >= .milliseconds(400))
        await pair.close()
    }

    @Test("the caller hanging up (session closed) commits the recording")
    func closeKeepsAudio() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("close.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(30))
        _ = try await pair.caller.play(Self.speechLike, bargeIn: false)
        await pair.callee.close()
        let result = try await recording.value
        #expect(result.endReason == .sessionClosed)
        #expect(result.duration >= .milliseconds(400))
        await pair.close()
    }

    @Test("audio is on disk, with a valid header, while the recording goes on")
    func crashSafety() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("live.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = await pair.callee.startRecording(to: path, maxDuration: .seconds(30))
        _ = try await pair.caller.play([.tone(frequencies: [1000], milliseconds: 1500, levelDBm0: -15)], bargeIn: false)
        // Within the sync interval after 1.5 s of audio, the header on disk must describe at least a second of it —
        // what a crash at this moment would leave. Poll the file (an observable effect), bounded.
        var onDisk = Duration.zero
        let deadline = ContinuousClock.now + .seconds(5)
        while onDisk < .seconds(1), ContinuousClock.now < deadline {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let declared = Int(bytes[40]) | Int(bytes[41]) << 8 | Int(bytes[42]) << 16 | Int(bytes[43]) << 24
            onDisk = .milliseconds(Int64(declared / 2 / 8))
            if onDisk < .seconds(1) { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(onDisk >= .seconds(1))
        recording.cancel()
        _ = try await recording.value
        await pair.close()
    }

    @Test("the maximum duration ends a recording")
    func maxDuration() async throws {
        let pair = try await MediaPair.open()
        let path = PlayAndRecordTests.temporaryPath("max.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await pair.callee.record(to: path, maxDuration: .milliseconds(700))
        #expect(result.endReason == .maxDuration)
        #expect(!result.heardVoice)
        await pair.close()
    }
}
