import Codecs
import Logging
import MediaEngine
import SDP

/// Two media sessions on loopback that negotiated with each other: the caller offered, the callee answered.
struct MediaPair {
    let callerEngine: MediaEngine
    let calleeEngine: MediaEngine
    let caller: MediaSession
    let callee: MediaSession

    /// Opens and negotiates the pair. The caller offers only `codec`; the callee prefers the engine default.
    /// `secure` says the SIP is over TLS, for both sides unless `calleeSecure` says otherwise.
    static func open(
        codec: AudioCodecKind = .pcmu, secure: Bool = false, calleeSecure: Bool? = nil,
        callerConfiguration: MediaEngineConfiguration = MediaEngineConfiguration(),
        calleeConfiguration: MediaEngineConfiguration = MediaEngineConfiguration(),
        mangleOffer: (inout SessionDescription) -> Void = { _ in }
    ) async throws -> MediaPair {
        var callerSettings = callerConfiguration
        callerSettings.codecPreference = [codec]
        let callerEngine = MediaEngine(configuration: callerSettings, logger: Logger(label: "test.caller"))
        let calleeEngine = MediaEngine(configuration: calleeConfiguration, logger: Logger(label: "test.callee"))
        let caller = try await callerEngine.openSession(secureSignalling: secure)
        let callee = try await calleeEngine.openSession(secureSignalling: calleeSecure ?? secure)
        var offer = caller.makeOffer()
        mangleOffer(&offer)
        let answer = try await callee.answer(offer)
        try await caller.receiveAnswer(answer)
        return MediaPair(callerEngine: callerEngine, calleeEngine: calleeEngine, caller: caller, callee: callee)
    }

    /// Closes both sessions and engines.
    func close() async {
        await caller.close()
        await callee.close()
        await callerEngine.shutdown()
        await calleeEngine.shutdown()
    }
}

extension MediaSession {
    /// Starts a recording in a task and returns once it is running, so that what is played next is in it.
    func startRecording(
        to path: String, format: RecordingFormat = .pcm16, maxDuration: Duration, silenceTimeout: Duration? = nil,
        stopDigits: Set<Character> = ["#"]
    ) async -> Task<RecordingResult, any Error> {
        let task = Task {
            try await record(to: path, format: format, maxDuration: maxDuration, silenceTimeout: silenceTimeout, stopDigits: stopDigits)
        }
        for await event in events {
            if case .recordingStarted = event { break }
        }
        return task
    }
}
