public import Foundation

/// One phrase to say: a `PromptID` and the words for its placeholders. Call flows build these with the
/// factories below (`.youHaveMessages(new: 3, saved: 0)`) rather than by hand, so the arguments are always
/// complete and spoken the same way.
public struct PromptPhrase: Sendable, Hashable {
    /// Which phrase.
    public var id: PromptID
    /// Placeholder name → the words to put there (already spoken text, see `SpokenText`).
    public var arguments: [String: String]

    /// A phrase with explicit arguments; `PromptCatalog.text(for:)` checks they match `id.parameters`.
    public init(_ id: PromptID, arguments: [String: String] = [:]) {
        self.id = id
        self.arguments = arguments
    }

    /// Whether the phrase has no arguments and can come from the cache or an administrator's recording.
    public var isFixed: Bool { id.isFixed && arguments.isEmpty }

    /// A fixed phrase (one without placeholders).
    public static func fixed(_ id: PromptID) -> PromptPhrase { PromptPhrase(id) }

    /// "<name>. Please enter your PIN and press the pound key."
    public static func enterPIN(for name: String) -> PromptPhrase {
        PromptPhrase(.enterPINForUser, arguments: ["name": name])
    }

    /// "You have three new messages and one saved message." — or "You have no messages." when both are zero.
    public static func youHaveMessages(new newCount: Int, saved savedCount: Int) -> PromptPhrase {
        guard newCount > 0 || savedCount > 0 else { return PromptPhrase(.youHaveNoMessages) }
        return PromptPhrase(.youHaveMessages, arguments: [
            "newMessages": SpokenText.count(newCount, "new message"),
            "savedMessages": SpokenText.count(savedCount, "saved message"),
        ])
    }

    /// "Message from <sender>, received <day> at <time>, <duration>."
    ///
    /// The sender is the directory name when known, else the calling number read as a phone number, else "an
    /// unknown caller". The day is relative to `now` ("today", "yesterday", a weekday, a date) in `timeZone`.
    public static func messageEnvelope(
        senderName: String?, callingNumber: String?, received: Date, now: Date, timeZone: TimeZone, duration: Duration
    ) -> PromptPhrase {
        let sender: String =
            if let senderName, !senderName.isEmpty { senderName }
            else if let callingNumber, callingNumber.contains(where: \.isNumber) { SpokenText.phoneNumber(callingNumber) }
            else { "an unknown caller" }
        return PromptPhrase(.messageEnvelope, arguments: [
            "sender": sender,
            "date": SpokenText.date(received, relativeTo: now, in: timeZone),
            "time": SpokenText.time(received, in: timeZone),
            "duration": SpokenText.duration(duration),
        ])
    }

    /// "Please leave a message for <name>. After the tone, …" — or, without a name, for the extension read digit
    /// by digit.
    public static func leaveMessage(name: String?, extension number: String) -> PromptPhrase {
        if let name, !name.isEmpty { return PromptPhrase(.leaveMessage, arguments: ["name": name]) }
        return PromptPhrase(.leaveMessageForExtension, arguments: ["extension": SpokenText.digits(number)])
    }

    /// "<name> is not available." — the system greeting when the user recorded none.
    public static func personNotAvailable(_ name: String) -> PromptPhrase {
        PromptPhrase(.personNotAvailable, arguments: ["name": name])
    }

    /// "For <name>, press <key>." — one match of a directory search.
    public static func directoryChoice(_ name: String, key: Character) -> PromptPhrase {
        PromptPhrase(.directoryChoice, arguments: ["name": name, "key": SpokenText.digits(String(key))])
    }

    /// "Transferring your call to extension <digits>. Please hold."
    public static func transferring(toExtension number: String) -> PromptPhrase {
        PromptPhrase(.transferringToExtension, arguments: ["extension": SpokenText.digits(number)])
    }

    /// "That PIN cannot be used. Your PIN must have at least <n> digits, …"
    public static func pinTooWeak(minimumLength: Int) -> PromptPhrase {
        PromptPhrase(.pinTooWeak, arguments: ["minimumLength": SpokenText.number(minimumLength)])
    }

    /// "To <do something>, press <key>." — one option of a menu, with the key of the user's key map.
    public static func option(_ id: PromptID, key: Character) -> PromptPhrase {
        PromptPhrase(id, arguments: ["key": SpokenText.key(key)])
    }

    /// "To use the <name> keypad layout, press <key>."
    public static func switchKeyMap(to name: String, key: Character) -> PromptPhrase {
        PromptPhrase(.optionSwitchKeyMap, arguments: ["name": name, "key": SpokenText.key(key)])
    }

    /// "Your keypad layout is now <name>."
    public static func keyMapSelected(_ name: String) -> PromptPhrase {
        PromptPhrase(.keyMapSelected, arguments: ["name": name])
    }

    /// "Forwarding to <name>."
    public static func forwardingTo(_ name: String) -> PromptPhrase {
        PromptPhrase(.forwardingTo, arguments: ["name": name])
    }
}
