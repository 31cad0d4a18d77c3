import Foundation
import Speech
import Testing

@Suite("PromptCatalog and PromptPhrase: every phrase has words, every placeholder is filled")
struct PromptCatalogTests {
    let catalog: PromptCatalog

    init() throws {
        catalog = try PromptCatalog(language: "en-US")
    }

    @Test("every id has non-blank text with exactly its placeholders")
    func complete() {
        #expect(PromptID.allCases.count >= 40)
        for id in PromptID.allCases {
            let text = catalog.template(id)
            #expect(text.contains { $0.isLetter }, "\(id)")
            for name in id.parameters { #expect(text.contains("{\(name)}"), "\(id) lacks {\(name)}") }
            #expect(text.filter { $0 == "{" }.count == id.parameters.count, "\(id): \(text)")
            // "Please leave a message for" is followed by the user's recorded name: the only phrase that is not a sentence.
            if id != .leaveMessageFor {
                #expect(text.last.map { ".?!".contains($0) } == true, "\(id) should end a sentence: \(text)")
            }
        }
    }

    @Test("fixed phrases render to their template")
    func fixedPhrases() throws {
        for id in PromptID.allCases where id.isFixed {
            let text = try catalog.text(for: .fixed(id))
            #expect(text == catalog.template(id))
            #expect(!text.contains("{") && !text.contains("}"))
        }
        #expect(try catalog.text(for: .fixed(.welcome))
            == "Welcome, you are connected to Herald. To access your mailbox, enter your extension, then press the pound key.")
        #expect(try catalog.text(for: .fixed(.noInput)) == "I'm sorry, I didn't hear anything.")
    }

    static let newYork = TimeZone(identifier: "America/New_York")!

    @Test("the factories fill every placeholder", arguments: [
        (PromptPhrase.enterPIN(for: "Marianne Dupont"), "Marianne Dupont. Please enter your PIN and press the pound key."),
        (.youHaveMessages(new: 3, saved: 1), "You have three new messages and one saved message."),
        (.youHaveMessages(new: 1, saved: 0), "You have one new message and no saved messages."),
        (.youHaveMessages(new: 0, saved: 2), "You have no new messages and two saved messages."),
        (.youHaveMessages(new: 0, saved: 0), "You have no messages."),
        (.leaveMessage(name: "Alex Kim", extension: "4001"),
         "Please leave a message for Alex Kim. After the tone, speak your message. When you're finished, hang up or press the pound key."),
        (.leaveMessage(name: nil, extension: "4001"),
         "Please leave a message for extension four zero zero one. After the tone, speak your message. When you're finished, hang up or press the pound key."),
        (.leaveMessage(name: "", extension: "12"),
         "Please leave a message for extension one two. After the tone, speak your message. When you're finished, hang up or press the pound key."),
        (.personNotAvailable("Alex Kim"), "Alex Kim is not available."),
        (.directoryChoice("Alex Kim", key: "2"), "For Alex Kim, press two."),
        (.transferring(toExtension: "4001"), "Transferring your call to extension four zero zero one. Please hold."),
        (.pinTooWeak(minimumLength: 6),
         "That PIN cannot be used. Your PIN must have at least six digits, must not be a simple sequence or repeat your extension, and must not be one of your recent PINs."),
        (.messageEnvelope(senderName: "Alex Kim", callingNumber: "4001",
                          received: Date(timeIntervalSince1970: 1_795_617_900), now: Date(timeIntervalSince1970: 1_795_636_800),
                          timeZone: newYork, duration: .seconds(72)),
         "Message from Alex Kim, received today at nine forty-five A M, one minute and twelve seconds."),
        (.messageEnvelope(senderName: nil, callingNumber: "+1 555 010 0199",
                          received: Date(timeIntervalSince1970: 1_795_617_900 - 86_400), now: Date(timeIntervalSince1970: 1_795_636_800),
                          timeZone: newYork, duration: .seconds(9)),
         "Message from plus one, five five five, zero one zero, zero one nine nine, received yesterday at nine forty-five A M, nine seconds."),
        (.messageEnvelope(senderName: "", callingNumber: "anonymous",
                          received: Date(timeIntervalSince1970: 1_795_617_900 - 8 * 86_400), now: Date(timeIntervalSince1970: 1_795_636_800),
                          timeZone: newYork, duration: .seconds(3_600)),
         "Message from an unknown caller, received Tuesday, November seventeenth at nine forty-five A M, one hour."),
    ])
    func factories(phrase: PromptPhrase, text: String) throws {
        #expect(try catalog.text(for: phrase) == text)
    }

    @Test("a missing or unexpected argument is an error, not a hole in the sentence")
    func argumentErrors() {
        #expect(throws: SpeechError.self) { try catalog.text(for: PromptPhrase(.enterPINForUser)) }
        #expect(throws: SpeechError.self) { try catalog.text(for: PromptPhrase(.goodbye, arguments: ["name": "x"])) }
        #expect(throws: SpeechError.self) {
            try catalog.text(for: PromptPhrase(.youHaveMessages, arguments: ["newMessages": "two new messages"]))
        }
    }

    @Test("an argument that looks like a placeholder stays literal")
    func literalArguments() throws {
        #expect(try catalog.text(for: .personNotAvailable("{name}")) == "{name} is not available.")
    }

    @Test("only en-US is built in")
    func languages() {
        #expect(PromptCatalog.builtInLanguages == ["en-US"])
        #expect(throws: SpeechError.catalog("no built-in catalogue for fr-FR")) { try PromptCatalog(language: "fr-FR") }
    }

    @Test("a catalogue from JSON is checked for completeness, placeholders and unknown ids")
    func jsonCatalogues() throws {
        var table = Dictionary(uniqueKeysWithValues: PromptID.allCases.map { ($0.rawValue, catalog.template($0)) })
        table["goodbye"] = "Au revoir."
        let french = try PromptCatalog(language: "fr-FR", json: try JSONEncoder().encode(table))
        #expect(french.template(.goodbye) == "Au revoir.")
        #expect(french.language == "fr-FR")

        var missing = table
        missing["goodbye"] = nil
        #expect(throws: SpeechError.self) { try PromptCatalog(language: "x", json: try JSONEncoder().encode(missing)) }
        var blank = table
        blank["goodbye"] = "  "
        #expect(throws: SpeechError.self) { try PromptCatalog(language: "x", json: try JSONEncoder().encode(blank)) }
        var wrongPlaceholder = table
        wrongPlaceholder["leaveMessage"] = "Laissez un message pour {nom}."
        #expect(throws: SpeechError.self) { try PromptCatalog(language: "x", json: try JSONEncoder().encode(wrongPlaceholder)) }
        var unknown = table
        unknown["welcom"] = "typo"
        #expect(throws: SpeechError.self) { try PromptCatalog(language: "x", json: try JSONEncoder().encode(unknown)) }
        #expect(throws: SpeechError.self) { try PromptCatalog(language: "x", json: Data("[1]".utf8)) }
    }
}
