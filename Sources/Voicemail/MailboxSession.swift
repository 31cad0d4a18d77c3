import CallControl
import Directory
import Foundation
import Logging
import Speech
import Store

/// A logged-on user's time in their mailbox: enrollment on first logon, the main menu, and what it leads to.
/// One per call, used by one task.
final class MailboxSession {
    let call: any Call
    var user: UMUser
    let services: VoicemailServices
    let logger: Logger
    let menu: Menu

    init(call: any Call, user: UMUser, services: VoicemailServices, logger: Logger) {
        self.call = call
        self.user = user
        self.services = services
        self.logger = logger
        menu = Menu(call: call, timing: services.timing)
    }

    var keyMap: KeyMap { KeyMap.named(user.keyMap) }
    var files: MailboxFiles { services.files }
    var store: any HeraldStore { services.store }

    /// The policy of the user's mailbox.
    func policy() async throws -> MailboxPolicy {
        try await store.snapshot().policy(for: user)
    }

    func run(mustChangePIN: Bool) async throws {
        if !user.enrolled {
            try await enroll()
        } else if mustChangePIN {
            _ = try await call.play([.phrase(.fixed(.pinExpired))], bargeIn: true)
            guard try await changePIN() else { throw FlowEnd.tooManyErrors }
        }
        var news: [Utterance] = []
        if user.awayGreetingOn { news.append(.phrase(.fixed(.awayGreetingIsOn))) }
        let policy = try await policy()
        if try await store.mailboxUsage(mailbox: user.primaryExtension) >= policy.quotaWarningMegabytes * 1_000_000 {
            news.append(.phrase(.fixed(.mailboxAlmostFull)))
        }
        let messages = try await store.messages(mailbox: user.primaryExtension)
        news.append(.phrase(.youHaveMessages(
            new: messages.count { $0.folder == .new }, saved: messages.count { $0.folder == .saved })))
        try await mainMenu(news: news)
    }

    /// First logon: a PIN of the user's own, the name callers hear, and the standard greeting.
    private func enroll() async throws {
        _ = try await call.play([.phrase(.fixed(.enrollmentWelcome))], bargeIn: true)
        guard try await changePIN() else { throw FlowEnd.tooManyErrors }
        _ = try await recordPersonal(.name)
        _ = try await recordPersonal(.greeting(.standard))
        try await saveSettings { $0.enrolled = true }
        logger.info("enrollment finished", metadata: ["mailbox": "\(user.primaryExtension)"])
    }

    private func mainMenu(news: [Utterance]) async throws {
        var intro = news
        while true {
            let prompt = intro + [.phrase(.fixed(.mainMenuTitle))] + MenuPrompts.options(.main, keyMap: keyMap, withHelp: true)
            intro = []
            let action = try await menu.choose(.main, keyMap: keyMap, prompt: prompt, help: MenuPrompts.options(.main, keyMap: keyMap))
            switch action {
            case .newMessages: try await review(.new)
            case .savedMessages: try await review(.saved)
            case .deletedMessages: try await review(.deleted)
            case .personalOptions: try await personalOptions()
            default: break
            }
        }
    }

    /// Writes the user's own settings and keeps the local copy in step.
    func saveSettings(_ change: (inout UMUser) -> Void) async throws {
        change(&user)
        try await store.updateMailboxSettings(
            extension: user.primaryExtension,
            MailboxSettings(awayGreetingOn: user.awayGreetingOn, keyMap: user.keyMap, enrolled: user.enrolled))
    }
}
