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
    /// The keys after a message.
    case messageOptions
    /// After saving.
    case messageSaved
    /// After deleting.
    case messageDeleted
    /// After marking as unheard.
    case messageMarkedNew
    /// After the last message.
    case endOfMessages

    // Main menu.
    /// The subscriber's main menu.
    case mainMenu

    // Call answering.
    /// Recording prompt for a named user. Placeholder: `name`.
    case leaveMessage
    /// Recording prompt when the mailbox has no name. Placeholder: `extension` (spoken digits).
    case leaveMessageForExtension
    /// The system greeting when the user recorded none. Placeholder: `name`.
    case personNotAvailable
    /// The mailbox cannot take messages.
    case mailboxFull
    /// The keys after the caller presses # while recording.
    case recordingOptions
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
    /// The greetings menu.
    case greetingsMenu
    /// Recording the personal greeting.
    case recordGreeting
    /// Recording the name.
    case recordName
    /// The keys after a greeting was recorded.
    case greetingOptions
    /// The greeting was kept.
    case greetingSaved
    /// The name was kept.
    case nameSaved
    /// Back to the standard greeting.
    case standardGreetingSelected

    /// The placeholders every catalogue's text for this phrase must contain, and every rendering must fill.
    public var parameters: Set<String> {
        switch self {
        case .enterPINForUser, .leaveMessage, .personNotAvailable: ["name"]
        case .youHaveMessages: ["newMessages", "savedMessages"]
        case .messageEnvelope: ["sender", "date", "time", "duration"]
        case .leaveMessageForExtension, .transferringToExtension: ["extension"]
        case .directoryChoice: ["name", "key"]
        case .pinTooWeak: ["minimumLength"]
        default: []
        }
    }

    /// Whether the phrase has no placeholders, so it can be synthesized ahead of time, cached and replaced by an
    /// administrator's recording.
    public var isFixed: Bool { parameters.isEmpty }
}
