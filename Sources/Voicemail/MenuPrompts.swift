import CallControl
import Speech

/// The spoken options of a menu, built from the user's key map so that every option names the key that does it.
enum MenuPrompts {
    /// The phrase that offers `action` on `key`; `nil` for keys a menu does not announce (repeat).
    /// `deletedMessage` says "undelete" for the delete key; `awayOn` says "turn off" for the away key.
    static func option(
        _ action: MailboxAction, key: Character, keyMap: KeyMap, deletedMessage: Bool = false, awayOn: Bool = false
    ) -> PromptPhrase? {
        let id: PromptID
        switch action {
        case .newMessages: id = .optionNewMessages
        case .savedMessages: id = .optionSavedMessages
        case .deletedMessages: id = .optionDeletedMessages
        case .personalOptions: id = .optionPersonalOptions
        case .help: id = .optionHelp
        case .repeatMenu: return nil
        case .replay: id = .optionReplay
        case .rewind: id = .optionRewind
        case .fastForward: id = .optionFastForward
        case .pause: id = .optionPause
        case .previous: id = .optionPrevious
        case .next: id = .optionNext
        case .delete: id = deletedMessage ? .optionUndelete : .optionDelete
        case .save: id = .optionSave
        case .markUnheard: id = .optionMarkUnheard
        case .forward: id = .optionForward
        case .mainMenu: id = .optionMainMenu
        case .greetings: id = .optionGreetings
        case .recordName: id = .optionRecordName
        case .changePIN: id = .optionChangePIN
        case .switchKeyMap:
            return .switchKeyMap(to: KeyMap.builtIn.first { $0.name != keyMap.name }?.spokenName ?? keyMap.spokenName, key: key)
        case .back: id = .optionBack
        case .recordStandardGreeting: id = .optionRecordStandardGreeting
        case .recordBusyGreeting: id = .optionRecordBusyGreeting
        case .recordAwayGreeting: id = .optionRecordAwayGreeting
        case .toggleAwayGreeting: id = awayOn ? .optionAwayGreetingOff : .optionAwayGreetingOn
        case .useSystemGreeting: id = .optionSystemGreeting
        case .listen: id = .optionListen
        case .keep: id = .optionKeep
        case .reRecord: id = .optionReRecord
        case .send: id = .optionSend
        case .markUrgent: id = .optionMarkUrgent
        }
        return .option(id, key: key)
    }

    /// The options of `context` in the key map's order (`only` those, when given); help only when `withHelp`.
    static func options(
        _ context: MenuContext, keyMap: KeyMap, withHelp: Bool = false, deletedMessage: Bool = false, awayOn: Bool = false,
        only: Set<MailboxAction>? = nil
    ) -> [Utterance] {
        let bindings = (keyMap.menus[context] ?? []).filter {
            ($0.action != .help || withHelp) && (only?.contains($0.action) ?? true)
        }
        return bindings.compactMap { binding in
            option(binding.action, key: binding.key, keyMap: keyMap, deletedMessage: deletedMessage, awayOn: awayOn).map(Utterance.phrase)
        }
    }
}
