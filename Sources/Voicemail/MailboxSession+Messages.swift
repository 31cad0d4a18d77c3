import CallControl
import Directory
import Foundation
import Speech
import Store

extension MailboxSession {
    /// How far rewind and fast-forward jump.
    static let skip: Duration = .seconds(5)

    /// Plays the messages of a folder, urgent first then newest, each with its envelope, and acts on the keys of
    /// the message menu until the user goes back or the folder ends.
    func review(_ folder: MessageFolder) async throws {
        var list = try await store.messages(mailbox: user.primaryExtension).filter { $0.folder == folder }
        guard !list.isEmpty else {
            _ = try await call.play([.phrase(.fixed(.folderEmpty))], bargeIn: true)
            return
        }
        var index = 0
        var announce: [Utterance] = [.phrase(.fixed(folder == .new ? .firstNewMessage : folder == .saved ? .firstSavedMessage : .firstDeletedMessage))]
        var start: Duration? = .zero       // where the next playback starts; nil: the message was heard, offer the menu
        var withEnvelope = true
        while index < list.count {
            let message = list[index]
            var action: MailboxAction
            if let offset = start {
                var utterances = announce
                if message.urgent && withEnvelope { utterances.append(.phrase(.fixed(.urgentMessage))) }
                if withEnvelope { utterances.append(.phrase(envelope(message))) }
                announce = []
                withEnvelope = false
                let (key, position) = try await play(message, from: offset, after: utterances)
                if let key, let chosen = keyMap.action(for: key, in: .message) {
                    _ = try await call.collectDigits(max: 1, terminators: [], firstDigitTimeout: .milliseconds(50), interDigitTimeout: .milliseconds(50))
                    action = chosen
                    start = position
                } else {
                    if key == nil { try await markHeard(message, in: &list, at: index) }
                    start = nil
                    continue
                }
            } else {
                let deleted = list[index].folder == .deleted
                let short: Set<MailboxAction> = [.replay, .save, .delete, .next, .help]
                let prompt = MenuPrompts.options(.message, keyMap: keyMap, withHelp: true, deletedMessage: deleted, only: short)
                let help = MenuPrompts.options(.message, keyMap: keyMap, deletedMessage: deleted)
                action = try await menu.choose(.message, keyMap: keyMap, prompt: prompt, help: help)
            }
            switch action {
            case .replay:
                start = .zero
            case .rewind:
                start = max(.zero, (start ?? .milliseconds(list[index].durationMilliseconds)) - Self.skip)
            case .fastForward:
                let ahead = (start ?? .milliseconds(list[index].durationMilliseconds)) + Self.skip
                start = ahead < .milliseconds(list[index].durationMilliseconds) ? ahead : nil
            case .pause:
                _ = try await call.play([.phrase(.fixed(.paused))], bargeIn: true)
                _ = try await call.collectDigits(max: 1, terminators: [], firstDigitTimeout: services.timing.pause, interDigitTimeout: services.timing.pause)
            case .next:
                try await markHeard(list[index], in: &list, at: index)
                (index, start, withEnvelope, announce) = (index + 1, .zero, true, [.phrase(.fixed(.nextMessage))])
            case .previous:
                try await markHeard(list[index], in: &list, at: index)
                (index, start, withEnvelope) = (max(0, index - 1), .zero, true)
            case .delete:
                let restoring = list[index].folder == .deleted
                try await move(&list, at: index, to: restoring ? .saved : .deleted)
                _ = try await call.play([.phrase(.fixed(restoring ? .messageUndeleted : .messageDeleted))], bargeIn: true)
                (index, start, withEnvelope, announce) = (index + 1, .zero, true, [.phrase(.fixed(.nextMessage))])
            case .save:
                try await move(&list, at: index, to: .saved)
                _ = try await call.play([.phrase(.fixed(.messageSaved))], bargeIn: true)
                (index, start, withEnvelope, announce) = (index + 1, .zero, true, [.phrase(.fixed(.nextMessage))])
            case .markUnheard:
                try await move(&list, at: index, to: .new)
                _ = try await call.play([.phrase(.fixed(.messageMarkedNew))], bargeIn: true)
                (index, start, withEnvelope, announce) = (index + 1, .zero, true, [.phrase(.fixed(.nextMessage))])
            case .forward:
                try await forward(list[index])
                start = nil
            case .mainMenu:
                try await markHeard(list[index], in: &list, at: index)
                return
            case .help:
                // Asked for while the message played (the menu answers it itself): the help and every option.
                let help = MenuPrompts.options(.message, keyMap: keyMap, deletedMessage: list[index].folder == .deleted)
                _ = try await call.play([.phrase(.fixed(.help))] + help, bargeIn: true)
                start = nil
            default:
                start = nil
            }
        }
        _ = try await call.play([.phrase(.fixed(.endOfMessages))], bargeIn: true)
    }

    /// Plays a message's audio (introduction first for a forward) from `offset`, after `utterances`. Returns the key
    /// that interrupted it (nil when it played to the end) and the position in the message when it did.
    private func play(_ message: VoiceMessage, from offset: Duration, after utterances: [Utterance]) async throws -> (Character?, Duration) {
        if !utterances.isEmpty, case .interrupted(let key) = try await call.play(utterances, bargeIn: true) {
            return (key, offset)
        }
        var audio: [Utterance] = []
        var skipped = offset
        if let introduction = message.introductionFile {
            let path = files.absolute(introduction)
            let length = Duration.milliseconds(message.introductionMilliseconds)
            if skipped < length { audio.append(skipped == .zero ? .file(path) : .fileSegment(path, from: skipped)) }
            skipped = max(.zero, skipped - length)
        }
        let path = files.absolute(message.audioFile)
        audio.append(skipped == .zero ? .file(path) : .fileSegment(path, from: skipped))
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try await call.play(audio, bargeIn: true)
        guard case .interrupted(let key) = outcome else { return (nil, offset) }
        return (key, offset + (clock.now - started))
    }

    /// "Message from <sender>, received <day> at <time>, <duration>."
    private func envelope(_ message: VoiceMessage) -> PromptPhrase {
        .messageEnvelope(
            senderName: message.senderName, callingNumber: message.senderNumber, received: message.received, now: services.now(),
            timeZone: services.timeZone, duration: .milliseconds(message.durationMilliseconds))
    }

    /// A new message that was heard becomes saved.
    private func markHeard(_ message: VoiceMessage, in list: inout [VoiceMessage], at index: Int) async throws {
        guard message.folder == .new else { return }
        try await move(&list, at: index, to: .saved)
    }

    private func move(_ list: inout [VoiceMessage], at index: Int, to folder: MessageFolder) async throws {
        try await store.moveMessage(list[index].id, to: folder)
        list[index].folder = folder
        services.messageWaiting?.mailboxChanged(user.primaryExtension)
    }
}
