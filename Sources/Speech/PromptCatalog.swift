public import Foundation

/// The wording of every phrase in one language: `PromptID` → text with `{placeholder}`s.
///
/// US English (`en-US`) is built in. Other languages are data: a JSON object `{"welcome": "…", …}` keyed by
/// `PromptID` raw values, checked on load to have every phrase and exactly its placeholders.
public struct PromptCatalog: Sendable {
    /// The BCP 47 tag of the catalogue, such as `en-US`; also the folder name in the prompt directories.
    public let language: String
    private let templates: [PromptID: String]

    /// The languages available without a file.
    public static let builtInLanguages: [String] = ["en-US"]

    /// The built-in catalogue for `language`; throws `.catalog` for a language that is not built in.
    public init(language: String = "en-US") throws(SpeechError) {
        guard language == "en-US" else { throw .catalog("no built-in catalogue for \(language)") }
        try self.init(language: language, templates: Self.enUS)
    }

    /// A catalogue from a table, checked: every `PromptID` present, non-blank, with exactly its `parameters`.
    public init(language: String, templates: [PromptID: String]) throws(SpeechError) {
        for id in PromptID.allCases {
            guard let text = templates[id], text.contains(where: { !$0.isWhitespace }) else {
                throw .catalog("\(language) has no text for \(id.rawValue)")
            }
            let found = Self.placeholders(in: text)
            guard found == id.parameters else {
                throw .catalog("\(language) \(id.rawValue) has placeholders \(found.sorted()), expected \(id.parameters.sorted())")
            }
        }
        self.language = language
        self.templates = templates
    }

    /// A catalogue from JSON (`{"welcome": "…"}`); unknown keys are an error, so a typo cannot hide a phrase.
    public init(language: String, json: Data) throws(SpeechError) {
        let table: [String: String]
        do {
            table = try JSONDecoder().decode([String: String].self, from: json)
        } catch {
            throw .catalog("\(language): not a JSON object of strings (\(error))")
        }
        var templates: [PromptID: String] = [:]
        for (key, text) in table {
            guard let id = PromptID(rawValue: key) else { throw .catalog("\(language): unknown phrase \(key)") }
            templates[id] = text
        }
        try self.init(language: language, templates: templates)
    }

    /// The raw text of `id`, placeholders unfilled.
    public func template(_ id: PromptID) -> String {
        templates[id] ?? ""
    }

    /// The text to speak for `phrase`: its template with every `{placeholder}` replaced. Throws `.catalog` when an
    /// argument is missing or is not a placeholder of the phrase.
    public func text(for phrase: PromptPhrase) throws(SpeechError) -> String {
        let expected = phrase.id.parameters
        guard Set(phrase.arguments.keys) == expected else {
            throw .catalog("\(phrase.id.rawValue) takes \(expected.sorted()), got \(phrase.arguments.keys.sorted())")
        }
        // One pass over the template, so an argument that itself contains "{…}" (a caller's name) stays literal.
        var text = ""
        var rest = template(phrase.id)[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            text += phrase.arguments[String(rest[rest.index(after: open)..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    /// The `{name}` placeholders in `text`.
    static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
