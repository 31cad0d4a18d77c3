public import CallControl
public import Directory
import CoreMetrics
import Foundation
public import Logging
import Speech
import Store

/// Call answering: a caller diverted to a user's mailbox hears the greeting, leaves a message after the beep, may
/// review it, and hangs up. What was recorded is committed on every ending — a hang-up, a dropped call, a crash
/// (through the journal and `MessageRecovery`).
public struct CallAnswering: Sendable {
    let services: VoicemailServices
    let logger: Logger

    /// Call answering with these services; `logger` carries the call's id.
    public init(services: VoicemailServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs the flow for `user`'s mailbox; `greeting` is the greeting the PBX profile chose for the redirect reason;
    /// `directory` is the snapshot the call was routed with (read from the store when not given).
    public func run(_ call: any Call, user: UMUser, greeting: GreetingKind, directory: DirectorySnapshot? = nil) async {
        do {
            try await answer(call, user: user, greeting: greeting, directory: directory)
        } catch let end as FlowEnd {
            await Menu.end(end, on: call)
        } catch {
            await Menu.fail(error, on: call, logger: logger, flow: "call answering")
        }
    }

    private func answer(_ call: any Call, user: UMUser, greeting: GreetingKind, directory: DirectorySnapshot?) async throws {
        let policy: MailboxPolicy
        if let directory { policy = directory.policy(for: user) } else { policy = try await services.store.snapshot().policy(for: user) }
        let keyMap = KeyMap.named(user.keyMap)
        if try await services.store.mailboxUsage(mailbox: user.primaryExtension) >= policy.quotaLimitMegabytes * 1_000_000 {
            logger.notice("mailbox full: message refused", metadata: ["mailbox": "\(user.primaryExtension)"])
            Counter(label: "herald_messages_refused_total", dimensions: [("reason", "quota")]).increment()
            _ = try await call.play([.phrase(.fixed(.mailboxFull)), .phrase(.fixed(.goodbye))], bargeIn: false)
            await call.hangUp()
            return
        }
        // A key during the greeting skips to the beep; it is not a menu choice.
        if case .interrupted = try await call.play(greetingUtterances(user, kind: greeting), bargeIn: true) {
            _ = try await call.collectDigits(max: 1, terminators: [], firstDigitTimeout: .milliseconds(50), interDigitTimeout: .milliseconds(50))
        }
        let menu = Menu(call: call, timing: services.timing)
        var pending = newPending(call, user: user)
        var recording: CallRecording?
        do {
            recordingLoop: while true {
                try pending.writeJournal(services.files)
                _ = try await call.play([.beep], bargeIn: false)
                logger.info("recording a message", metadata: ["mailbox": "\(user.primaryExtension)", "message": "\(pending.message.id)"])
                let recorded = try await call.record(
                    to: pending.audioPath(services.files), maxDuration: .seconds(policy.maximumMessageSeconds),
                    silenceTimeout: services.timing.recordingSilence, stopDigits: ["#"])
                recording = recorded
                if recorded.end == .hangUp { break recordingLoop }
                if recorded.end == .maxDuration { _ = try await call.play([.phrase(.fixed(.recordingMaximumLength))], bargeIn: true) }
                reviewLoop: while true {
                    let action: MailboxAction
                    do {
                        action = try await menu.choose(
                            .callerReview, keyMap: keyMap, prompt: MenuPrompts.options(.callerReview, keyMap: keyMap, withHelp: true),
                            help: MenuPrompts.options(.callerReview, keyMap: keyMap))
                    } catch is FlowEnd {
                        // A caller who says nothing more has said what they wanted to: send it.
                        break recordingLoop
                    }
                    switch action {
                    case .send: break recordingLoop
                    case .listen: _ = try await call.play([.file(pending.audioPath(services.files))], bargeIn: true)
                    case .reRecord:
                        pending.discard(services.files)
                        recording = nil
                        let urgent = pending.message.urgent
                        pending = newPending(call, user: user)
                        pending.message.urgent = urgent
                        continue recordingLoop
                    case .markUrgent:
                        pending.message.urgent = true
                        try pending.writeJournal(services.files)
                        _ = try await call.play([.phrase(.fixed(.messageMarkedUrgent))], bargeIn: true)
                    default: continue reviewLoop
                    }
                }
            }
        } catch {
            // The caller hung up (or the call failed) while reviewing: what was recorded is sent.
            if let recording { await commit(pending, recording, policy: policy) } else { pending.discard(services.files) }
            throw error
        }
        guard let recording else { return }
        let kept = await commit(pending, recording, policy: policy)
        if recording.end != .hangUp {
            _ = try await call.play([.phrase(.fixed(kept ? .messageSent : .recordingTooShort)), .phrase(.fixed(.goodbye))], bargeIn: false)
            await call.hangUp()
        }
    }

    /// The greeting: away (when on or chosen), busy for a busy line, the standard one, each when recorded; else
    /// "Please leave a message for" the recorded name or the spoken display name.
    func greetingUtterances(_ user: UMUser, kind: GreetingKind) -> [Utterance] {
        let files = services.files
        var order: [GreetingKind] = user.awayGreetingOn ? [.away] : []
        if kind != .standard { order.append(kind) }
        order.append(.standard)
        for candidate in order where files.hasAudio(files.greeting(candidate, of: user.primaryExtension)) {
            return [.file(files.greeting(candidate, of: user.primaryExtension).path)]
        }
        let name = files.recordedName(of: user.primaryExtension)
        if files.hasAudio(name) {
            return [.phrase(.fixed(.leaveMessageFor)), .file(name.path), .phrase(.fixed(.afterTheTone))]
        }
        return [.phrase(.leaveMessage(name: user.displayName, extension: user.primaryExtension))]
    }

    /// A journal entry for a message from this call's caller: an internal caller is named from the directory
    /// (scenario 4a); an external number is kept as it came (4b); a withheld one is not kept.
    private func newPending(_ call: any Call, user: UMUser) -> PendingMessage {
        let caller = call.caller
        let message = VoiceMessage(
            mailbox: user.primaryExtension, received: services.now(), durationMilliseconds: 0,
            senderName: caller.user?.displayName, senderNumber: caller.withheld ? nil : caller.number,
            senderExtension: caller.user?.primaryExtension, audioFile: "", sizeBytes: 0)
        return PendingMessage(message: message)
    }

    /// Stores the message, or drops it when it is a hang-up rather than a message (shorter than the policy's minimum
    /// and no voice in it). Runs to the end even when the call's task is cancelled by the hang-up. Returns whether it
    /// was kept.
    @discardableResult
    private func commit(_ pending: PendingMessage, _ recording: CallRecording, policy: MailboxPolicy) async -> Bool {
        let services = services
        let logger = logger
        return await Task {
            if recording.duration < .seconds(policy.minimumMessageSeconds) && !recording.heardVoice {
                pending.discard(services.files)
                logger.info("no message: the caller hung up without speaking", metadata: ["mailbox": "\(pending.message.mailbox)"])
                Counter(label: "herald_messages_discarded_total").increment()
                return false
            }
            do {
                try await pending.commit(duration: recording.duration, files: services.files, store: services.store)
                services.messageWaiting?.mailboxChanged(pending.message.mailbox)
                Counter(label: "herald_messages_stored_total").increment()
                logger.info(
                    "message stored",
                    metadata: [
                        "mailbox": "\(pending.message.mailbox)", "message": "\(pending.message.id)",
                        "duration_ms": "\(Int(recording.duration / .milliseconds(1)))", "urgent": "\(pending.message.urgent)",
                    ])
                return true
            } catch {
                // The journal stays: the next start commits the message.
                logger.error("message could not be stored now; kept for recovery", metadata: ["error": "\(error)"])
                return true
            }
        }.value
    }
}
