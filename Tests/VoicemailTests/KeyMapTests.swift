import Foundation
import Testing
import Voicemail

@Suite("key maps: the built-in ones are complete, broken ones are reported")
struct KeyMapTests {
    @Test("a built-in key map has no problems", arguments: KeyMap.builtIn.map(\.name))
    func builtInIsValid(_ name: String) {
        #expect(KeyMap.named(name).problems() == [])
    }

    @Test("the built-in maps have distinct names, the Exchange one first (the default)")
    func builtInNames() {
        #expect(KeyMap.builtIn.map(\.name) == ["exchange", "cisco-unity"])
        #expect(KeyMap.named("cisco-unity") == .ciscoUnity)
    }

    @Test("an unknown name falls back to the Exchange keys")
    func unknownName() {
        #expect(KeyMap.named("unknown") == .exchange)
    }

    @Test("# in the main menu is reported: it is reserved for the voice/keypad switch")
    func poundInMain() {
        var map = KeyMap.exchange
        map.menus[.main]?.removeAll { $0.action == .repeatMenu }
        map.menus[.main]?.append(KeyMap.Binding("#", .repeatMenu))
        #expect(map.problems() == ["main: # is reserved for the voice/keypad switch (#0)"])
    }

    @Test("a menu without one of its actions is reported")
    func missingAction() {
        var map = KeyMap.exchange
        map.menus[.message]?.removeAll { $0.action == .forward }
        #expect(map.problems() == ["message: no key for forward"])
    }

    @Test("a missing menu is reported once for each action it lacks")
    func missingMenu() {
        var map = KeyMap.exchange
        map.menus[.callerReview] = nil
        #expect(map.problems() == [
            "callerReview: no key for help", "callerReview: no key for listen", "callerReview: no key for markUrgent",
            "callerReview: no key for reRecord", "callerReview: no key for send",
        ])
    }

    @Test("one key bound to two actions is reported")
    func duplicateKey() {
        var map = KeyMap.exchange
        map.menus[.greetings]?.removeAll { $0.action == .useSystemGreeting }
        map.menus[.greetings]?.append(KeyMap.Binding("1", .useSystemGreeting))
        #expect(map.problems() == ["greetings: a key has two actions"])
    }

    @Test("one action on two keys is reported")
    func duplicateAction() {
        var map = KeyMap.exchange
        map.menus[.personalOptions]?.append(KeyMap.Binding("9", .back))
        #expect(map.problems() == ["personalOptions: an action has two keys"])
    }

    @Test("an action of another menu, or a key a phone does not have, is reported")
    func foreignActionAndKey() {
        var map = KeyMap.exchange
        map.menus[.main]?.append(KeyMap.Binding("9", .send))
        map.menus[.callerReview]?.append(KeyMap.Binding("A", .repeatMenu))
        #expect(map.problems() == ["main: send does not belong in this menu", "callerReview: A is not a telephone key"])
    }

    @Test("keys and actions look each other up")
    func lookUp() {
        #expect(KeyMap.exchange.action(for: "7", in: .message) == .delete)
        #expect(KeyMap.ciscoUnity.action(for: "3", in: .message) == .delete)
        #expect(KeyMap.exchange.key(for: .savedMessages, in: .main) == "2")
        #expect(KeyMap.ciscoUnity.key(for: .savedMessages, in: .main) == "3")
        #expect(KeyMap.exchange.action(for: "5", in: .main) == nil)
    }

    @Test("a key map survives a JSON round trip, keys written as one-character strings")
    func codable() throws {
        for map in KeyMap.builtIn {
            let data = try JSONEncoder().encode(map)
            #expect(try JSONDecoder().decode(KeyMap.self, from: data) == map)
        }
        let binding = try JSONEncoder().encode(KeyMap.Binding("#", .next))
        let text = try #require(String(data: binding, encoding: .utf8))
        #expect(text.contains(##""key":"#""##))
    }

    @Test("a binding whose key is not one character does not decode")
    func badKey() {
        let json = Data(#"{"key": "12", "action": "next"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(KeyMap.Binding.self, from: json) }
    }
}
