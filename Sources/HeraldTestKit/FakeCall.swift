public import CallControl
import Speech
import Synchronization

/// A `Call` without SIP or audio, for testing call flows: the caller's keys are scripted, and everything the flow
/// does is written to a transcript ("play welcome", "collect max 4 → 4000#", "record → key #", "hang up") that a
/// test compares with the expected script.
public final class FakeCall: Call {
    /// The Call-ID shown in logs.
    public let callID: String
    /// The scripted caller.
    public let caller: CallerIdentity
    private let state: Mutex<State>

    private struct State {
        var keys: [Character]
        var transcript: [String] = []
        var hungUp = false
        var recordingEnd: CallRecording.End
    }

    /// A call whose caller will press `keys` (in order, as the flow asks for them) and end recordings as `recordingEnd`.
    public init(caller: CallerIdentity, keys: String = "", recordingEnd: CallRecording.End = .key("#"), callID: String = "fake-call") {
        self.caller = caller
        self.callID = callID
        state = Mutex(State(keys: Array(keys), recordingEnd: recordingEnd))
    }

    /// What the flow did, one line per operation.
    public var transcript: [String] { state.withLock { $0.transcript } }

    public func play(_ utterances: [Utterance], bargeIn: Bool) async throws(CallError) -> CallPlayback {
        try state.withLock { state throws(CallError) -> CallPlayback in
            guard !state.hungUp else { throw .hungUp }
            state.transcript.append("play " + utterances.map(Self.describe).joined(separator: ", "))
            if bargeIn, let key = state.keys.first { return .interrupted(key) }
            return .completed
        }
    }

    public func collectDigits(
        max: Int, terminators: Set<Character>, firstDigitTimeout: Duration, interDigitTimeout: Duration
    ) async throws(CallError) -> CallDigits {
        try state.withLock { state throws(CallError) -> CallDigits in
            guard !state.hungUp else { throw .hungUp }
            var keys = ""
            while let key = state.keys.first {
                state.keys.removeFirst()
                if terminators.contains(key) {
                    state.transcript.append("collect max \(max) → \(keys)\(key)")
                    return .digits(keys, terminator: key)
                }
                keys.append(key)
                if keys.count == max {
                    state.transcript.append("collect max \(max) → \(keys)")
                    return .digits(keys, terminator: nil)
                }
            }
            state.transcript.append("collect max \(max) → \(keys) (timeout)")
            return .timedOut(keys)
        }
    }

    public func record(to path: String, maxDuration: Duration, silenceTimeout: Duration?, stopDigits: Set<Character>) async throws(CallError) -> CallRecording {
        try state.withLock { state throws(CallError) -> CallRecording in
            guard !state.hungUp else { throw .hungUp }
            state.transcript.append("record \(path) → \(state.recordingEnd)")
            return CallRecording(path: path, duration: .seconds(3), heardVoice: true, end: state.recordingEnd)
        }
    }

    public func hangUp() async {
        state.withLock {
            $0.hungUp = true
            $0.transcript.append("hang up")
        }
    }

    private static func describe(_ utterance: Utterance) -> String {
        switch utterance {
        case .phrase(let phrase):
            phrase.arguments.isEmpty ? phrase.id.rawValue
                : phrase.id.rawValue + "(" + phrase.arguments.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        case .file(let path): "file \(path)"
        case .silence(let milliseconds): "silence \(milliseconds) ms"
        case .beep: "beep"
        }
    }
}
