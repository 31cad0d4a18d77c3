public import CallControl
import CoreMetrics
public import Directory
import Foundation
public import Logging
import Speech
import Store

/// Subscriber access: the pilot number (extension, then PIN) and the voicemail button (straight to the PIN), then
/// the mailbox menus.
public struct SubscriberAccess: Sendable {
    let services: VoicemailServices
    let logger: Logger

    /// Subscriber access with these services; `logger` carries the call's id.
    public init(services: VoicemailServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs the flow. `user` is the mailbox a voicemail-button call is for (nil on the pilot number).
    public func run(_ call: any Call, user: UMUser?) async {
        do {
            guard let logon = try await logOn(call, preselected: user) else { return }
            let session = MailboxSession(call: call, user: logon.user, services: services, logger: logger)
            try await session.run(mustChangePIN: logon.mustChangePIN)
        } catch let end as FlowEnd {
            await Menu.end(end, on: call)
        } catch {
            await Menu.fail(error, on: call, logger: logger, flow: "subscriber access")
        }
    }

    /// A user who gave the right PIN.
    struct Logon {
        var user: UMUser
        var mustChangePIN: Bool
    }

    /// Extension (unless preselected) and PIN, with the policy's failure handling. Returns nil when the flow said its
    /// last words (locked, reset, no PIN) and hung up.
    func logOn(_ call: any Call, preselected: UMUser?) async throws -> Logon? {
        let menu = Menu(call: call, timing: services.timing)
        var user = preselected
        var extensionFailures = 0
        var pinFailures = 0
        var prompt: [Utterance] = preselected == nil ? [.phrase(.fixed(.welcome))] : []
        while true {
            guard let mailbox = user else {
                guard let entry = try await menu.entry(prompt: prompt, maxLength: 20) else {
                    extensionFailures += 1
                    if extensionFailures >= Menu.attempts { throw FlowEnd.noInput }
                    prompt = [.phrase(.fixed(.noInput)), .phrase(.fixed(.enterExtension))]
                    continue
                }
                let directory = try await services.store.snapshot()
                if let found = directory.user(number: entry), found.enabled {
                    user = found
                    prompt = [.phrase(.fixed(.enterPIN))]
                } else {
                    extensionFailures += 1
                    logger.info("logon: not a mailbox", metadata: ["digits": "\(entry.count)"])
                    if extensionFailures >= Menu.attempts { throw FlowEnd.tooManyErrors }
                    prompt = [.phrase(.fixed(.invalidExtension)), .phrase(.fixed(.enterExtension))]
                }
                continue
            }
            if prompt.isEmpty { prompt = pinRequest(for: mailbox) }
            guard let pin = try await menu.entry(prompt: prompt) else {
                pinFailures += 1
                if pinFailures >= Menu.attempts { throw FlowEnd.noInput }
                prompt = [.phrase(.fixed(.noInput))] + pinRequest(for: mailbox)
                continue
            }
            if pin == "*" {
                // "Not your mailbox?": someone at another user's phone logs on to their own.
                user = nil
                prompt = [.phrase(.fixed(.enterExtension))]
                continue
            }
            // A mailbox disabled since the extension was entered takes no logon.
            guard let verdict = try await verify(pin, mailbox) else {
                user = nil
                prompt = [.phrase(.fixed(.invalidExtension)), .phrase(.fixed(.enterExtension))]
                continue
            }
            Counter(label: "herald_logons_total", dimensions: [("result", Self.result(verdict))]).increment()
            switch verdict {
            case .accepted(let mustChange):
                logger.info("logon", metadata: ["mailbox": "\(mailbox.primaryExtension)"])
                return Logon(user: mailbox, mustChangePIN: mustChange)
            case .wrong(let inARow, let wasReset):
                logger.notice("logon: wrong PIN", metadata: ["mailbox": "\(mailbox.primaryExtension)", "failures_in_a_row": "\(inARow)"])
                if wasReset { return try await farewell(call, .pinReset) }
                pinFailures += 1
                if pinFailures >= Menu.attempts { throw FlowEnd.tooManyErrors }
                prompt = [.phrase(.fixed(.invalidPIN)), .phrase(.fixed(.enterPIN))]
            case .locked:
                logger.notice("logon: mailbox locked", metadata: ["mailbox": "\(mailbox.primaryExtension)"])
                return try await farewell(call, .mailboxLocked)
            case .noPIN:
                return try await farewell(call, .noPINSet)
            }
        }
    }

    private func verify(_ pin: String, _ user: UMUser) async throws -> PINVerification? {
        let result: Result<PINVerification, StoreError>
        do {
            result = .success(try await services.store.verifyPIN(pin, extension: user.primaryExtension, now: services.now()))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let verdict): return verdict
        case .failure(.unknownMailbox): return nil
        case .failure(let error): throw error
        }
    }

    private static func result(_ verdict: PINVerification) -> String {
        switch verdict {
        case .accepted: "accepted"
        case .wrong(_, let wasReset): wasReset ? "reset" : "wrong"
        case .locked: "locked"
        case .noPIN: "no_pin"
        }
    }

    /// "<name>. Please enter your PIN and press the pound key." — the recorded name when there is one.
    private func pinRequest(for user: UMUser) -> [Utterance] {
        let name = services.files.recordedName(of: user.primaryExtension)
        if services.files.hasAudio(name) { return [.file(name.path), .phrase(.fixed(.enterPIN))] }
        return [.phrase(.enterPIN(for: user.displayName))]
    }

    private func farewell(_ call: any Call, _ id: PromptID) async throws -> Logon? {
        let goodbye: [Utterance] = id == .mailboxLocked ? [.phrase(.fixed(.goodbye))] : []
        _ = try await call.play([.phrase(.fixed(id))] + goodbye, bargeIn: false)
        await call.hangUp()
        return nil
    }
}
