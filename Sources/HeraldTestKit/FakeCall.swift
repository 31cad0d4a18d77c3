public import CallControl
import MediaEngine
import Speech
import Foundation
import Synchronization

/// A `Call` without SIP or audio, for testing call flows: the caller's keys are scripted, and everything the flow
/// does is written to a transcript ("play welcome", "collect max 4 → 4000#", "record → key #", "hang up") that a
/// test compares with the expected script.
///
/// In the key script, `_` is a silence (the `collectDigits` that meets it times out) and `!` is the caller hanging
/// up (the operation that meets it, and every later one, throws `CallError.hungUp`). Recordings are real WAV files
/// of `recordedDuration` of silence, so that flows can move, size and play them.
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
        var recordingEnds: [CallRecording.End]
        var transfers: [CallTransfer]
        let recordedDuration: Duration
        let heardVoice: Bool

        /// Takes a scripted hang-up if it is next.
        mutating func hangUpIfNext() throws(CallError) {
            if hungUp { throw .hungUp }
            if keys.first == "!" {
                keys.removeFirst()
                hungUp = true
                transcript.append("caller hangs up")
                throw .hungUp
            }
        }
    }

    /// A call whose caller will press `keys` (in order, as the flow asks for them), end recordings as
    /// `recordingEnds` says and see transfers end as `transfers` says, one by one (the last one repeats).
    public init(
        caller: CallerIdentity, keys: String = "", recordingEnds: [CallRecording.End] = [.key("#")], recordedDuration: Duration = .seconds(3),
        heardVoice: Bool = true, transfers: [CallTransfer] = [.completed], callID: String = "fake-call"
    ) {
        self.caller = caller
        self.callID = callID
        state = Mutex(State(
            keys: Array(keys), recordingEnds: recordingEnds, transfers: transfers, recordedDuration: recordedDuration, heardVoice: heardVoice))
    }

    /// A call whose recordings all end as `recordingEnd`.
    public convenience init(caller: CallerIdentity, keys: String = "", recordingEnd: CallRecording.End, callID: String = "fake-call") {
        self.init(caller: caller, keys: keys, recordingEnds: [recordingEnd], callID: callID)
    }

    /// Whether the call has ended (by the flow or by the scripted caller).
    public var isHungUp: Bool { state.withLock { $0.hungUp } }

    /// What the flow did, one line per operation.
    public var transcript: [String] { state.withLock { $0.transcript } }

    public func play(_ utterances: [Utterance], bargeIn: Bool) async throws(CallError) -> CallPlayback {
        try state.withLock { state throws(CallError) -> CallPlayback in
            try state.hangUpIfNext()
            state.transcript.append("play " + utterances.map(Self.describe).joined(separator: ", "))
            if bargeIn, let key = state.keys.first, key != "_" { return .interrupted(key) }
            return .completed
        }
    }

    public func collectDigits(
        max: Int, terminators: Set<Character>, firstDigitTimeout: Duration, interDigitTimeout: Duration
    ) async throws(CallError) -> CallDigits {
        try state.withLock { state throws(CallError) -> CallDigits in
            try state.hangUpIfNext()
            var keys = ""
            while let key = state.keys.first {
                if key == "!" { break }
                state.keys.removeFirst()
                if key == "_" { break }
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
            try state.hangUpIfNext()
            let end = state.recordingEnds.count > 1 ? state.recordingEnds.removeFirst() : state.recordingEnds.first ?? .key("#")
            let samples = Int(state.recordedDuration / .seconds(1) * 8000)
            do {
                try WAVFile.write(PCMAudio(sampleRate: 8000, samples: Array(repeating: 0, count: samples)), to: path)
            } catch {
                throw .media("\(error)")
            }
            state.transcript.append("record \((path as NSString).lastPathComponent) → \(end)")
            if end == .hangUp { state.hungUp = true }
            return CallRecording(path: path, duration: state.recordedDuration, heardVoice: state.heardVoice, end: end)
        }
    }

    public func transfer(to number: String) async throws(CallError) -> CallTransfer {
        try state.withLock { state throws(CallError) -> CallTransfer in
            try state.hangUpIfNext()
            let outcome = state.transfers.count > 1 ? state.transfers.removeFirst() : state.transfers.first ?? .completed
            state.transcript.append("transfer to \(number) → \(outcome)")
            if outcome == .completed || outcome == .accepted { state.hungUp = true }
            return outcome
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
        case .file(let path): "file \((path as NSString).lastPathComponent)"
        case .fileSegment(let path, let offset): "file \((path as NSString).lastPathComponent) from \(offset)"
        case .silence(let milliseconds): "silence \(milliseconds) ms"
        case .beep: "beep"
        }
    }
}
