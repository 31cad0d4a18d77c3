import CoreMetrics
import Directory
import Foundation
import Logging
import SIPDialog
import SIPEndpoint
import SIPMessage
import Store
import Voicemail

/// Lights and clears message-waiting lamps: an unsolicited NOTIFY (`Event: message-summary`, RFC 3842) to every
/// gateway of the user's dial plan that takes MWI, whenever the mailbox's messages change.
///
/// The lamp is state, not an event: each NOTIFY carries the counts as they are when it is sent, changes that come
/// while one is in flight are folded into the next, and a failed NOTIFY is retried (after 5 s, 30 s, 2 and 10 minutes)
/// with the state of that moment. At start every mailbox is published once, so lamps changed while Herald was down
/// are put right.
actor MessageWaitingPublisher: MessageWaitingNotifier {
    private let agent: SIPUserAgent
    private let store: any HeraldStore
    private let logger: Logger
    /// Mailboxes with a publication running, and whether they changed again meanwhile.
    private var running: [String: Bool] = [:]

    /// The waits before each retry of a NOTIFY that failed.
    static let retryDelays: [Duration] = [.seconds(5), .seconds(30), .seconds(120), .seconds(600)]

    init(agent: SIPUserAgent, store: any HeraldStore, logger: Logger) {
        self.agent = agent
        self.store = store
        self.logger = logger
    }

    nonisolated func mailboxChanged(_ primaryExtension: String) {
        Task { await self.publish(primaryExtension) }
    }

    /// Publishes every enabled mailbox that has a gateway taking MWI (at start).
    func publishAll() async {
        guard let directory = try? await store.snapshot() else { return }
        for user in directory.users where user.enabled && !gateways(for: user, in: directory).isEmpty {
            await publish(user.primaryExtension)
        }
    }

    private func publish(_ mailbox: String) async {
        if running[mailbox] != nil {
            running[mailbox] = true
            return
        }
        running[mailbox] = false
        repeat {
            running[mailbox] = false
            await publishOnce(mailbox)
        } while running[mailbox] == true
        running[mailbox] = nil
    }

    /// Sends the current state to each gateway, retrying a gateway that fails.
    private func publishOnce(_ mailbox: String) async {
        do {
            let directory = try await store.snapshot()
            guard let user = directory.user(number: mailbox) else { return }
            for gateway in gateways(for: user, in: directory) {
                for (attempt, delay) in ([Duration.zero] + Self.retryDelays).enumerated() {
                    if attempt > 0 {
                        try await Task.sleep(for: delay)
                        // A later change starts its own publication with fresher counts.
                        if running[mailbox] == true { return }
                    }
                    let summary = try await summary(for: user, directory: directory, gateway: gateway)
                    if await send(summary, to: user, via: gateway) { break }
                }
            }
        } catch {
            logger.warning("message waiting not published", metadata: ["mailbox": "\(mailbox)", "error": "\(error)"])
        }
    }

    private func gateways(for user: UMUser, in directory: DirectorySnapshot) -> [IPGateway] {
        directory.gateways.filter { $0.sendsMessageWaiting && $0.dialPlan == user.dialPlan }
    }

    private func summary(for user: UMUser, directory: DirectorySnapshot, gateway: IPGateway) async throws -> MessageSummary {
        let messages = try await store.messages(mailbox: user.primaryExtension)
        let new = messages.filter { $0.folder == .new }
        let old = messages.filter { $0.folder == .saved }
        let pilot = directory.dialPlan(named: user.dialPlan)?.pilotNumbers.first
        return MessageSummary(
            messagesWaiting: !new.isEmpty,
            account: pilot.map { SIPURI(user: $0, host: gateway.address).serialized },
            voice: MessageSummary.Counts(
                new: new.count, old: old.count, newUrgent: new.count { $0.urgent }, oldUrgent: old.count { $0.urgent }))
    }

    /// One NOTIFY; true when the gateway took it.
    private func send(_ summary: MessageSummary, to user: UMUser, via gateway: IPGateway) async -> Bool {
        var parameters = SIPParameters()
        if gateway.profile.quirks.contains(.userPhoneParameter) { parameters.set("user", "phone") }
        if gateway.transport == .tcp { parameters.set("transport", "tcp") }
        let target = SIPURI(
            scheme: gateway.transport == .tls ? .sips : .sip, user: user.primaryExtension, host: gateway.address,
            port: gateway.port, parameters: parameters)
        let fields = UnsolicitedNotify.messageSummary().headers.filter { $0.name != .contentType }
        let metadata: Logger.Metadata = [
            "mailbox": "\(user.primaryExtension)", "gateway": "\(gateway.name)", "waiting": "\(summary.messagesWaiting)",
        ]
        do {
            let response = try await agent.request(
                .notify, to: target, headers: fields, body: Array(summary.serialized.utf8), contentType: .messageSummary)
            let status = response.statusCode ?? 0
            guard (200..<300).contains(status) else {
                logger.notice("message waiting refused", metadata: metadata.merging(["status": "\(status)"]) { $1 })
                Counter(label: "herald_mwi_notify_total", dimensions: [("result", "refused")]).increment()
                return false
            }
            logger.info("message waiting sent", metadata: metadata)
            Counter(label: "herald_mwi_notify_total", dimensions: [("result", "ok")]).increment()
            return true
        } catch {
            logger.notice("message waiting not delivered", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            Counter(label: "herald_mwi_notify_total", dimensions: [("result", "failed")]).increment()
            return false
        }
    }
}
