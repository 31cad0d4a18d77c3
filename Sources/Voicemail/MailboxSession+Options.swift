import CallControl
import Directory
import Foundation
import Logging
import Speech
import Store

extension MailboxSession {
    /// What a user records about themselves.
    enum PersonalRecording {
        case name
        case greeting(GreetingKind)
    }

    func personalOptions() async throws {
        while true {
            let prompt = [.phrase(.fixed(.personalOptionsTitle))] + MenuPrompts.options(.personalOptions, keyMap: keyMap, withHelp: true)
            let action = try await menu.choose(
                .personalOptions, keyMap: keyMap, prompt: prompt, help: MenuPrompts.options(.personalOptions, keyMap: keyMap))
            switch action {
            case .greetings: try await greetings()
            case .recordName: _ = try await recordPersonal(.name)
            case .changePIN: _ = try await changePIN()
            case .switchKeyMap:
                let other = KeyMap.builtIn.first { $0.name != keyMap.name } ?? .exchange
                try await saveSettings { $0.keyMap = other.name }
                _ = try await call.play([.phrase(.keyMapSelected(other.spokenName))], bargeIn: true)
            case .back: return
            default: break
            }
        }
    }

    private func greetings() async throws {
        while true {
            let options = MenuPrompts.options(.greetings, keyMap: keyMap, withHelp: true, awayOn: user.awayGreetingOn)
            let action = try await menu.choose(
                .greetings, keyMap: keyMap, prompt: [.phrase(.fixed(.greetingsTitle))] + options,
                help: MenuPrompts.options(.greetings, keyMap: keyMap, awayOn: user.awayGreetingOn))
            switch action {
            case .recordStandardGreeting: _ = try await recordPersonal(.greeting(.standard))
            case .recordBusyGreeting: _ = try await recordPersonal(.greeting(.busy))
            case .recordAwayGreeting: _ = try await recordPersonal(.greeting(.away))
            case .toggleAwayGreeting:
                try await saveSettings { $0.awayGreetingOn.toggle() }
                logger.info("away greeting", metadata: ["mailbox": "\(user.primaryExtension)", "on": "\(user.awayGreetingOn)"])
                _ = try await call.play([.phrase(.fixed(user.awayGreetingOn ? .awayGreetingTurnedOn : .awayGreetingTurnedOff))], bargeIn: true)
            case .useSystemGreeting:
                try? FileManager.default.removeItem(at: files.greeting(.standard, of: user.primaryExtension))
                _ = try await call.play([.phrase(.fixed(.standardGreetingSelected))], bargeIn: true)
            case .back: return
            default: break
            }
        }
    }

    /// Records a name or greeting, lets the user listen, keep or record again, and installs a kept recording in one
    /// rename (callers hear the old one or the new one, never half of one). Returns whether one was kept.
    func recordPersonal(_ kind: PersonalRecording) async throws -> Bool {
        let destination: URL
        let prompt: PromptID
        var maximum = Duration.seconds(try await policy().maximumGreetingSeconds)
        switch kind {
        case .name:
            destination = files.recordedName(of: user.primaryExtension)
            prompt = .recordName
            maximum = .seconds(10)
        case .greeting(let greeting):
            destination = files.greeting(greeting, of: user.primaryExtension)
            prompt = .recordGreeting
        }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let draft = destination.deletingLastPathComponent().appending(path: ".draft-\(UUID().uuidString).wav").path
        defer { try? FileManager.default.removeItem(atPath: draft) }
        while true {
            _ = try await call.play([.phrase(.fixed(prompt)), .beep], bargeIn: false)
            let recording = try await call.record(
                to: draft, maxDuration: maximum, silenceTimeout: services.timing.recordingSilence, stopDigits: ["#", "*"])
            review: while true {
                let action = try await menu.choose(
                    .recordingReview, keyMap: keyMap, prompt: MenuPrompts.options(.recordingReview, keyMap: keyMap, withHelp: true),
                    help: MenuPrompts.options(.recordingReview, keyMap: keyMap))
                switch action {
                case .listen: _ = try await call.play([.file(recording.path)], bargeIn: true)
                case .keep:
                    try MailboxFiles.install(recording.path, at: destination.path)
                    logger.info("recording kept", metadata: ["mailbox": "\(user.primaryExtension)", "file": "\(destination.lastPathComponent)"])
                    _ = try await call.play([.phrase(.fixed(kind.isName ? .nameSaved : .greetingSaved))], bargeIn: true)
                    return true
                case .reRecord: break review
                case .back: return false
                default: continue review
                }
            }
        }
    }

    /// Asks for a new PIN twice and stores it under the policy. Returns false after three refusals.
    func changePIN() async throws -> Bool {
        var prompt: [Utterance] = [.phrase(.fixed(.enterNewPIN))]
        for _ in 0..<Menu.attempts {
            guard let first = try await menu.entry(prompt: prompt), first != "*" else {
                prompt = [.phrase(.fixed(.noInput)), .phrase(.fixed(.enterNewPIN))]
                continue
            }
            guard let second = try await menu.entry(prompt: [.phrase(.fixed(.confirmNewPIN))]), second == first else {
                prompt = [.phrase(.fixed(.pinsDoNotMatch)), .phrase(.fixed(.enterNewPIN))]
                continue
            }
            do throws(StoreError) {
                try await store.setPIN(first, extension: user.primaryExtension, byAdministrator: false, now: services.now())
            } catch .weakPIN {
                let minimum = try await policy().pinMinimumLength
                prompt = [.phrase(.pinTooWeak(minimumLength: minimum)), .phrase(.fixed(.enterNewPIN))]
                continue
            }
            logger.info("PIN changed", metadata: ["mailbox": "\(user.primaryExtension)"])
            _ = try await call.play([.phrase(.fixed(.pinChanged))], bargeIn: true)
            return true
        }
        return false
    }

    /// Forwards a message to another mailbox with a spoken introduction; the copy is the target's own (deleting the
    /// original does not touch it).
    func forward(_ message: VoiceMessage) async throws {
        var prompt: [Utterance] = [.phrase(.fixed(.forwardEnterExtension))]
        var target: UMUser?
        for _ in 0..<Menu.attempts {
            guard let entry = try await menu.entry(prompt: prompt, maxLength: 20), entry != "*" else { return }
            let directory = try await store.snapshot()
            if let found = directory.user(number: entry), found.enabled, found.primaryExtension != user.primaryExtension {
                let policy = directory.policy(for: found)
                if try await store.mailboxUsage(mailbox: found.primaryExtension) >= policy.quotaLimitMegabytes * 1_000_000 {
                    prompt = [.phrase(.fixed(.mailboxFull)), .phrase(.fixed(.forwardEnterExtension))]
                    continue
                }
                target = found
                break
            }
            prompt = [.phrase(.fixed(.invalidExtension)), .phrase(.fixed(.forwardEnterExtension))]
        }
        guard let target else { return }
        let id = UUID()
        let introduction = files.messageAudio(id, of: target.primaryExtension, introduction: true)
        let audio = files.messageAudio(id, of: target.primaryExtension)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: files.absolute(audio)).deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try await call.play([.phrase(.forwardingTo(target.displayName)), .phrase(.fixed(.forwardRecordIntroduction)), .beep], bargeIn: false)
        // Recorded as a draft: a crash or a failure before the copy is stored leaves no file without a message.
        let draft = files.absolute(introduction) + ".draft"
        defer { try? FileManager.default.removeItem(atPath: draft) }
        let recording = try await call.record(
            to: draft, maxDuration: .seconds(120), silenceTimeout: services.timing.recordingSilence, stopDigits: ["#"])
        try FileManager.default.copyItem(atPath: files.absolute(message.audioFile), toPath: files.absolute(audio))
        try MailboxFiles.install(draft, at: files.absolute(introduction))
        let introductionMilliseconds = Int(recording.duration / .milliseconds(1))
        let copy = VoiceMessage(
            id: id, mailbox: target.primaryExtension, urgent: message.urgent, received: services.now(),
            durationMilliseconds: introductionMilliseconds + message.durationMilliseconds - message.introductionMilliseconds,
            senderName: user.displayName, senderNumber: user.primaryExtension, senderExtension: user.primaryExtension,
            audioFile: audio, introductionFile: introduction, introductionMilliseconds: introductionMilliseconds,
            sizeBytes: MailboxFiles.size(files.absolute(audio)) + MailboxFiles.size(files.absolute(introduction)))
        try await store.addMessage(copy)
        services.messageWaiting?.mailboxChanged(target.primaryExtension)
        logger.info("message forwarded", metadata: ["from": "\(user.primaryExtension)", "to": "\(target.primaryExtension)", "message": "\(id)"])
        _ = try await call.play([.phrase(.fixed(.messageForwarded))], bargeIn: true)
    }
}

extension MailboxSession.PersonalRecording {
    var isName: Bool {
        if case .name = self { return true }
        return false
    }
}
