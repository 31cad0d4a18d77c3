import Foundation
import Testing
import Voicemail

/// The printable key cards in docs/voicemail-keys.md say exactly what the key maps do.
@Suite("docs/voicemail-keys.md matches the key maps")
struct KeyMapDocumentationTests {
    static let headings: [MenuContext: String] = [
        .main: "Main menu", .message: "While listening to a message", .personalOptions: "Personal options",
        .greetings: "Greetings", .recordingReview: "After recording your name or a greeting",
        .callerReview: "Callers: after recording a message",
    ]

    /// Section title → menu title → (key, action) rows, in order.
    static func cards() throws -> [String: [String: [(Character, String)]]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appending(components: "docs", "voicemail-keys.md"), encoding: .utf8)
        var cards: [String: [String: [(Character, String)]]] = [:]
        var section = ""
        var menu = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            if line.hasPrefix("### ") { menu = String(line.dropFirst(4)) }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), cells.count >= 2, cells[0].count == 1, let key = cells[0].first, cells[1].hasPrefix("`") else { continue }
            cards[section, default: [:]][menu, default: []].append((key, cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))))
        }
        return cards
    }

    @Test("every menu of every built-in key map has its table, with the same keys and actions in the same order",
          arguments: KeyMap.builtIn.map(\.name))
    func tablesMatch(_ name: String) throws {
        let keyMap = KeyMap.named(name)
        let cards = try Self.cards()
        let section = try #require(cards.first { $0.key.contains("(`\(name)`)") }?.value, "a section for \(name)")
        for context in MenuContext.allCases {
            let title = try #require(Self.headings[context])
            let rows = try #require(section[title], "\(name): a table under ### \(title)")
            let expected = (keyMap.menus[context] ?? []).map { "\($0.key) \($0.action.rawValue)" }
            #expect(rows.map { "\($0.0) \($0.1)" } == expected, "\(name) / \(title)")
        }
    }
}
