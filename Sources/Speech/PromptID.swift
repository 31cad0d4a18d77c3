/// The name of every phrase Herald says. The raw value is the stable key used in catalogue files and in prompt
/// file names (`<id>.wav`), so never rename a case without renaming the administrators' recordings.
public enum PromptID: String, Sendable, Hashable, CaseIterable, Codable {
    // Logon (subscriber access and the voicemail button).
    /// Greeting on the pilot number, asking for the extension.
    case welcome
    /// Asks for the extension again.
    case enterExtension
    /// Asks for the PIN.
    case enterPIN
    /// The user's name (from the directory), then the PIN request. Placeholder: `name`.
    case enterPINForUser
    /// The PIN was wrong.
    case invalidPIN
    /// The extension is not a mailbox.
    case invalidExtension
    /// Too many wrong PINs.
    case mailboxLocked
    /// The PIN must be changed before going on.
    case pinExpired
    /// The mailbox cannot be reached (disabled, not UM-enabled, store down).
    case mailboxNotAvailable

    // Listening to messages.
    /// Message counts. Placeholders: `newMessages`, `savedMessages` (spoken counts).
    case youHaveMessages
    /// No messages at all.
    case youHaveNoMessages
    /// Announces the new messages.
    case firstNewMessage
    /// Announces the saved messages.
    case firstSavedMessage
    /// Between messages.
    case nextMessage
    /// The envelope. Placeholders: `sender`, `date`, `time`, `duration`.
    case messageEnvelope
    /// After saving.
    case messageSaved
    /// After deleting.
    case messageDeleted
    /// After marking as unheard.
    case messageMarkedNew
    /// After the last message.
    case endOfMessages

    // Call answering.
    /// Recording prompt for a named user. Placeholder: `name`.
    case leaveMessage
    /// Recording prompt when the mailbox has no name. Placeholder: `extension` (spoken digits).
    case leaveMessageForExtension
    /// The system greeting when the user recorded none. Placeholder: `name`.
    case personNotAvailable
    /// The mailbox cannot take messages.
    case mailboxFull
    /// The recording was too short to keep.
    case recordingTooShort
    /// The recording reached its maximum length.
    case recordingMaximumLength
    /// The message was delivered.
    case messageSent

    // Errors and endings, used everywhere.
    /// The last thing Herald says.
    case goodbye
    /// A key that means nothing here.
    case invalidKey
    /// No input before the timeout.
    case noInput
    /// After an error.
    case tryAgain
    /// Too many errors in a row: Herald gives up.
    case tooManyErrors
    /// Our fault: something failed inside Herald.
    case systemError

    // Auto attendant.
    /// The auto attendant's default greeting.
    case autoAttendantGreeting
    /// Outside business hours.
    case autoAttendantClosed
    /// Asks for a name to search.
    case directorySearch
    /// Nobody matched.
    case directoryNoMatch
    /// One entry of a list of matches. Placeholders: `name`, `key` (spoken digit).
    case directoryChoice
    /// The extension is not in the dial plan.
    case extensionNotFound

    // Transfers.
    /// Before a blind transfer.
    case transferring
    /// Before a transfer to a known extension. Placeholder: `extension` (spoken digits).
    case transferringToExtension
    /// The target is busy.
    case transferBusy
    /// The target did not answer.
    case transferNoAnswer
    /// The transfer failed for another reason.
    case transferFailed

    // PIN change.
    /// Asks for the new PIN.
    case enterNewPIN
    /// Asks for it again.
    case confirmNewPIN
    /// The two entries differ.
    case pinsDoNotMatch
    /// The PIN breaks the policy. Placeholder: `minimumLength` (a spoken number).
    case pinTooWeak
    /// Done.
    case pinChanged

    // Greetings.
    /// Recording the personal greeting.
    case recordGreeting
    /// Recording the name.
    case recordName
    /// The greeting was kept.
    case greetingSaved
    /// The name was kept.
    case nameSaved
    /// Back to the standard greeting.
    case standardGreetingSelected

    // Logon and mailbox state.
    /// The PIN was reset after too many wrong entries.
    case pinReset
    /// The mailbox has no PIN yet.
    case noPINSet
    /// Reminder at logon that the away greeting is on.
    case awayGreetingIsOn
    /// The mailbox is near its quota.
    case mailboxAlmostFull
    /// First logon: what enrollment asks for.
    case enrollmentWelcome
    /// Said instead of switching to voice commands (`#0`), which this version does not have.
    case voiceNotAvailable

    // Menus: titles, help, and one phrase per option. Option phrases take the `key` from the user's key map.
    /// Title of the main menu.
    case mainMenuTitle
    /// Title of personal options.
    case personalOptionsTitle
    /// Title of the greetings menu.
    case greetingsTitle
    /// Said before the options when the caller asks for help.
    case help
    /// Option: new messages.
    case optionNewMessages
    /// Option: saved messages.
    case optionSavedMessages
    /// Option: deleted messages.
    case optionDeletedMessages
    /// Option: personal options.
    case optionPersonalOptions
    /// Option: help.
    case optionHelp
    /// Option: replay the message.
    case optionReplay
    /// Option: rewind.
    case optionRewind
    /// Option: fast-forward.
    case optionFastForward
    /// Option: pause.
    case optionPause
    /// Option: previous message.
    case optionPrevious
    /// Option: next message.
    case optionNext
    /// Option: delete the message.
    case optionDelete
    /// Option: undelete the message.
    case optionUndelete
    /// Option: save the message.
    case optionSave
    /// Option: mark the message as new.
    case optionMarkUnheard
    /// Option: forward the message.
    case optionForward
    /// Option: back to the main menu.
    case optionMainMenu
    /// Option: the greetings menu.
    case optionGreetings
    /// Option: record the name.
    case optionRecordName
    /// Option: change the PIN.
    case optionChangePIN
    /// Option: switch key map. Placeholders: `name` (of the other key map), `key`.
    case optionSwitchKeyMap
    /// Option: record the standard greeting.
    case optionRecordStandardGreeting
    /// Option: record the busy greeting.
    case optionRecordBusyGreeting
    /// Option: record the away greeting.
    case optionRecordAwayGreeting
    /// Option: turn the away greeting on.
    case optionAwayGreetingOn
    /// Option: turn the away greeting off.
    case optionAwayGreetingOff
    /// Option: use the system greeting.
    case optionSystemGreeting
    /// Option: go back.
    case optionBack
    /// Option: listen to the recording.
    case optionListen
    /// Option: keep the recording.
    case optionKeep
    /// Option: record again.
    case optionReRecord
    /// Option: send the message (callers).
    case optionSend
    /// Option: mark the message urgent (callers).
    case optionMarkUrgent

    // Messages.
    /// Before an urgent message.
    case urgentMessage
    /// Announces the deleted messages.
    case firstDeletedMessage
    /// The folder chosen has no messages.
    case folderEmpty
    /// After undeleting.
    case messageUndeleted
    /// While paused.
    case paused
    /// Forwarding: the target mailbox.
    case forwardEnterExtension
    /// Forwarding: the target's name. Placeholder: `name`.
    case forwardingTo
    /// Forwarding: the introduction.
    case forwardRecordIntroduction
    /// Forwarding: done.
    case messageForwarded

    // Call answering.
    /// "Please leave a message for" — before a recorded name.
    case leaveMessageFor
    /// After the recorded name: how to record.
    case afterTheTone
    /// The caller marked the message urgent.
    case messageMarkedUrgent

    // Personal options.
    /// The away greeting was turned on.
    case awayGreetingTurnedOn
    /// The away greeting was turned off.
    case awayGreetingTurnedOff
    /// The key map changed. Placeholder: `name`.
    case keyMapSelected

    /// The placeholders every catalogue's text for this phrase must contain, and every rendering must fill.
    public var parameters: Set<String> {
        switch self {
        case .enterPINForUser, .leaveMessage, .personNotAvailable: ["name"]
        case .youHaveMessages: ["newMessages", "savedMessages"]
        case .messageEnvelope: ["sender", "date", "time", "duration"]
        case .leaveMessageForExtension, .transferringToExtension: ["extension"]
        case .directoryChoice: ["name", "key"]
        case .pinTooWeak: ["minimumLength"]
        case .forwardingTo, .keyMapSelected: ["name"]
        case .optionSwitchKeyMap: ["name", "key"]
        case .optionNewMessages, .optionSavedMessages, .optionDeletedMessages, .optionPersonalOptions, .optionHelp, .optionReplay,
            .optionRewind, .optionFastForward, .optionPause, .optionPrevious, .optionNext, .optionDelete, .optionUndelete, .optionSave,
            .optionMarkUnheard, .optionForward, .optionMainMenu, .optionGreetings, .optionRecordName, .optionChangePIN,
            .optionRecordStandardGreeting, .optionRecordBusyGreeting, .optionRecordAwayGreeting, .optionAwayGreetingOn,
            .optionAwayGreetingOff, .optionSystemGreeting, .optionBack, .optionListen, .optionKeep, .optionReRecord, .optionSend,
            .optionMarkUrgent:
            ["key"]
        default: []
        }
    }

    /// Whether the phrase has no placeholders, so it can be synthesized ahead of time, cached and replaced by an
    /// administrator's recording.
    public var isFixed: Bool { parameters.isEmpty }
}
