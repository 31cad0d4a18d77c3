import HeraldTestKit
import Speech

extension FakeCall {
    /// Everything the flow said, one utterance a line, in order: `welcome`, `enterPINForUser(name: Alice Anderson)`,
    /// `file standard.wav`, `file 1234.wav from 15.0 seconds`, `beep`.
    var utterances: [String] {
        transcript.filter { $0.hasPrefix("play ") }.flatMap { Self.utterances(in: $0.dropFirst("play ".count)) }
    }

    /// Whether the flow said the phrase `id`, with any arguments.
    func heard(_ id: PromptID) -> Bool {
        utterances.contains { $0 == id.rawValue || $0.hasPrefix(id.rawValue + "(") }
    }

    /// Whether the flow said exactly this phrase, arguments included.
    func heard(_ phrase: PromptPhrase) -> Bool {
        utterances.contains(Self.text(of: phrase))
    }

    /// How many times the flow said the phrase `id`.
    func count(_ id: PromptID) -> Int {
        utterances.count { $0 == id.rawValue || $0.hasPrefix(id.rawValue + "(") }
    }

    /// Whether the flow played the file called `name`.
    func played(file name: String) -> Bool {
        utterances.contains("file " + name)
    }

    /// The lines a phrase takes in `utterances` (as FakeCall writes it: arguments sorted by name).
    static func text(of phrase: PromptPhrase) -> String {
        guard !phrase.arguments.isEmpty else { return phrase.id.rawValue }
        let arguments = phrase.arguments.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return phrase.id.rawValue + "(" + arguments.joined(separator: ", ") + ")"
    }

    /// Splits one `play` line at the commas between utterances (not those inside a phrase's arguments).
    private static func utterances(in line: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var rest = line[...]
        while let character = rest.first {
            if character == "," && depth == 0 && rest.dropFirst().first == " " {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(2)
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            current.append(character)
            rest = rest.dropFirst()
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
