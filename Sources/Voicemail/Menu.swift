import CallControl
import Logging
import Speech

/// Asks the caller for a choice or an entry, re-prompting on wrong keys and silence, and ending politely after
/// three failures in a row.
struct Menu {
    let call: any Call
    let timing: VoicemailTiming

    /// How many wrong keys or silences in a row end the call.
    static let attempts = 3

    /// Says `prompt` and returns the action of the key pressed in `context`. A key the menu does not have says
    /// "I didn't recognize that" and the prompt again; so does silence ("I didn't hear anything"). `help` says the
    /// `help` options and asks again; `repeatMenu` says the prompt again. In the main menu, `#0` is the voice/keypad
    /// switch, answered as not available.
    func choose(_ context: MenuContext, keyMap: KeyMap, prompt: [Utterance], help: [Utterance]) async throws -> MailboxAction {
        var failures = 0
        var say = prompt
        while true {
            _ = try await call.play(say, bargeIn: true)
            let entry = try await call.collectDigits(
                max: 1, terminators: [], firstDigitTimeout: timing.firstKey, interDigitTimeout: timing.firstKey)
            guard case .digits(let keys, _) = entry, var key = keys.first else {
                failures += 1
                if failures >= Self.attempts { throw FlowEnd.noInput }
                say = [.phrase(.fixed(.noInput))] + prompt
                continue
            }
            if context == .main, key == "#" {
                let next = try await call.collectDigits(
                    max: 1, terminators: [], firstDigitTimeout: timing.betweenKeys, interDigitTimeout: timing.betweenKeys)
                if next == .digits("0", terminator: nil) {
                    say = [.phrase(.fixed(.voiceNotAvailable))] + prompt
                    continue
                }
                // `#` then another key: the other key is the choice.
                if case .digits(let other, _) = next, let first = other.first { key = first }
            }
            switch keyMap.action(for: key, in: context) {
            case .help?:
                failures = 0
                say = [.phrase(.fixed(.help))] + help
            case .repeatMenu?:
                failures = 0
                say = prompt
            case let action?:
                return action
            case nil:
                failures += 1
                if failures >= Self.attempts { throw FlowEnd.tooManyErrors }
                say = [.phrase(.fixed(.invalidKey))] + prompt
            }
        }
    }

    /// Says `prompt` and collects keys ended by `#` (or by a pause after some keys: a caller who forgets the pound
    /// key is not made to wait for nothing). Returns nil on silence, and the keys otherwise; `*` alone returns "*".
    func entry(prompt: [Utterance], maxLength: Int = 24) async throws -> String? {
        _ = try await call.play(prompt, bargeIn: true)
        let entry = try await call.collectDigits(
            max: maxLength, terminators: ["#", "*"], firstDigitTimeout: timing.firstKey, interDigitTimeout: timing.betweenKeys)
        switch entry {
        case .digits(let keys, let terminator):
            if terminator == "*" && keys.isEmpty { return "*" }
            return keys
        case .timedOut(let keys):
            return keys.isEmpty ? nil : keys
        }
    }

    /// Ends a flow that failed: a hang-up needs nothing more; anything else (the store down, a prompt that cannot be
    /// made) is logged and the caller told, rather than left in silence.
    static func fail(_ error: any Error, on call: any Call, logger: Logger, flow: String) async {
        if (error as? CallError) != .hungUp {
            logger.error("\(flow) failed", metadata: ["error": "\(error)"])
            _ = try? await call.play([.phrase(.fixed(.systemError)), .phrase(.fixed(.goodbye))], bargeIn: false)
        }
        await call.hangUp()
    }

    /// Says the words that end a flow that gave up, and hangs up.
    static func end(_ reason: FlowEnd, on call: any Call) async {
        switch reason {
        case .tooManyErrors: _ = try? await call.play([.phrase(.fixed(.tooManyErrors))], bargeIn: false)
        case .noInput: _ = try? await call.play([.phrase(.fixed(.noInput)), .phrase(.fixed(.goodbye))], bargeIn: false)
        case .finished: break
        }
        await call.hangUp()
    }
}
