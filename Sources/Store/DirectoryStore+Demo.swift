internal import Directory
public import Foundation

extension DirectoryStore where Self: CredentialStore {
    /// Seeds the demo directory (`DirectorySnapshot.demo`: its dial plans, gateways and users) and gives each new demo
    /// user PIN 135246, set as by the user so that logging on does not force a change. Idempotent: what exists is
    /// left as it is, and PINs are set only for users this call created (a user who changed theirs keeps it).
    ///
    /// The demo's auto attendant is not seeded: `DirectoryStore` has no operation for auto attendants yet.
    public func seedDemo(now: Date) async throws(StoreError) {
        let demo = DirectorySnapshot.demo
        let existing = try await snapshot()
        for plan in demo.dialPlans where existing.dialPlan(named: plan.name) == nil {
            try await addDialPlan(plan)
        }
        for gateway in demo.gateways where !existing.gateways.contains(where: { $0.name == gateway.name }) {
            try await addGateway(gateway)
        }
        for attendant in demo.autoAttendants where !existing.autoAttendants.contains(where: { $0.name == attendant.name }) {
            try await addAutoAttendant(attendant)
        }
        for user in demo.users {
            guard try await mailbox(extension: user.primaryExtension) == nil else { continue }
            try await enableMailbox(user)
            try await setPIN(DirectorySnapshot.demoPIN, extension: user.primaryExtension, byAdministrator: false, now: now)
        }
    }
}
