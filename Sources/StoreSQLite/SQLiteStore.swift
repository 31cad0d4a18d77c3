public import Directory
public import Foundation
internal import GRDB
public import Store

/// The embedded store: one SQLite file in WAL mode through GRDB, the default for a single node.
///
/// Every change runs in one write transaction that re-reads what it checks, with the rules shared with every driver
/// (`DirectorySnapshot` checks, `PINRecord`). PBKDF2 runs outside transactions, so a logon never holds the writer
/// lock for the length of a hash; the write then checks that the credential did not change meanwhile, and retries.
public final class SQLiteStore: DirectoryStore, CredentialStore, MessageStore {
    private let pool: DatabasePool
    private let hasher: PINHasher

    /// Opens (creating if needed) the database at `path` and runs the migrations it has not run yet.
    public init(path: String, hasher: PINHasher = PINHasher()) throws(StoreError) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "herald.store"
        // Admin verbs of the `herald` command write while `herald serve` runs: wait for the other process's write
        // transaction rather than fail with SQLITE_BUSY. Ours are short (hashing happens outside them).
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .storage(String(describing: error))
        }
        self.hasher = hasher
    }

    /// Closes the database; later calls fail with `storage`. Closing also happens when the store is released.
    package func close() throws(StoreError) {
        do { try pool.close() } catch { throw .storage(String(describing: error)) }
    }

    /// The identifiers of the migrations applied to the file, in order.
    package func appliedMigrations() async throws(StoreError) -> [String] {
        try await read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: DirectoryStore

    /// Everything routing needs, read at one moment.
    public func snapshot() async throws(StoreError) -> DirectorySnapshot {
        try await read { db in try Self.loadSnapshot(db) }
    }

    /// Adds a dial plan; its name must be new.
    public func addDialPlan(_ plan: DialPlan) async throws(StoreError) {
        try await write { db in
            try Self.loadSnapshot(db).checkNew(plan)
            try Self.insert(plan, db)
        }
    }

    /// Adds a gateway; its name must be new and its dial plan must exist.
    public func addGateway(_ gateway: IPGateway) async throws(StoreError) {
        try await write { db in
            try Self.loadSnapshot(db).checkNew(gateway)
            try Self.insert(gateway, db)
        }
    }

    /// Adds an auto attendant; its name and numbers must be new and its dial plan must exist.
    public func addAutoAttendant(_ attendant: AutoAttendant) async throws(StoreError) {
        try await write { db in
            try Self.loadSnapshot(db).checkNew(attendant)
            try db.execute(
                sql: "INSERT INTO auto_attendants (name, numbers, dial_plan, greeting) VALUES (?, ?, ?, ?)",
                arguments: [attendant.name, try Self.jsonText(attendant.numbers), attendant.dialPlan, attendant.greeting])
        }
    }

    /// Removes a gateway.
    public func removeGateway(named name: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM gateways WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw StoreError.unknownGateway(name) }
        }
    }

    /// Inserts a mailbox or updates the one with the same primary extension.
    public func enableMailbox(_ user: UMUser) async throws(StoreError) {
        try await write { db in
            try Self.loadSnapshot(db).checkMailbox(user)
            try Self.upsert(user, db)
        }
    }

    /// Marks a mailbox disabled.
    public func disableMailbox(extension number: String) async throws(StoreError) {
        try await write { db in
            let user = try Self.loadSnapshot(db).existingMailbox(number)
            try db.execute(sql: "UPDATE users SET enabled = 0 WHERE primary_extension = ?", arguments: [user.primaryExtension])
        }
    }

    /// The mailbox reached by a number.
    public func mailbox(extension number: String) async throws(StoreError) -> UMUser? {
        try await snapshot().user(number: number)
    }

    // MARK: CredentialStore

    /// Sets a PIN after checking the user's mailbox policy.
    public func setPIN(_ pin: String, extension number: String, byAdministrator: Bool, now: Date) async throws(StoreError) {
        try await retryingIfChanged { () async throws(StoreError) -> Bool in
            let (user, policy, record) = try await credentialState(number)
            let isRecent = record.isRecent(pin, policy: policy, hasher: hasher)
            if let problem = policy.problem(withPIN: pin, extensions: user.extensions, isRecent: isRecent) {
                throw .weakPIN(problem)
            }
            let newHash = hasher.hash(pin)
            return try await write { db in
                var current = try Self.credential(primaryExtension: user.primaryExtension, db)
                guard current.history == record.history else { return false }
                current.install(hash: newHash, policy: policy, byAdministrator: byAdministrator, now: now)
                try Self.save(current, primaryExtension: user.primaryExtension, db)
                return true
            }
        }
    }

    /// Checks a PIN at logon.
    public func verifyPIN(_ pin: String, extension number: String, now: Date) async throws(StoreError) -> PINVerification {
        var verdict = PINVerification.noPIN
        try await retryingIfChanged { () async throws(StoreError) -> Bool in
            let (user, policy, record) = try await credentialState(number)
            guard user.enabled else { throw .unknownMailbox(number) }
            let matches = !record.locked && record.hash.map { hasher.verify(pin, against: $0) } == true
            let outcome: PINVerification? = try await write { db in
                var current = try Self.credential(primaryExtension: user.primaryExtension, db)
                guard current.hash == record.hash else { return nil }
                let result = current.recordAttempt(matches: matches, policy: policy, now: now)
                try Self.save(current, primaryExtension: user.primaryExtension, db)
                return result
            }
            if let outcome { verdict = outcome }
            return outcome != nil
        }
        return verdict
    }

    /// Unlocks a mailbox.
    public func unlock(extension number: String) async throws(StoreError) {
        try await write { db in
            let user = try Self.loadSnapshot(db).existingMailbox(number)
            var record = try Self.credential(primaryExtension: user.primaryExtension, db)
            record.unlock()
            try Self.save(record, primaryExtension: user.primaryExtension, db)
        }
    }

    // MARK: Plumbing

    /// The user reached by a number, their policy and their credential record.
    private func credentialState(_ number: String) async throws(StoreError) -> (UMUser, MailboxPolicy, PINRecord) {
        try await read { db in
            let snapshot = try Self.loadSnapshot(db)
            let user = try snapshot.existingMailbox(number)
            return (user, snapshot.policy(for: user), try Self.credential(primaryExtension: user.primaryExtension, db))
        }
    }

    // MARK: MessageStore

    /// Stores a new message.
    public func addMessage(_ message: VoiceMessage) async throws(StoreError) {
        try await write { db in
            _ = try Self.primaryExtension(of: message.mailbox, db)
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM messages WHERE id = ?", arguments: [message.id.uuidString]) == nil else {
                throw StoreError.duplicateMessage(message.id.uuidString)
            }
            try Self.insert(message, db)
        }
    }

    /// The messages of a mailbox in play order.
    public func messages(mailbox number: String) async throws(StoreError) -> [VoiceMessage] {
        try await read { db in
            let mailbox = try Self.primaryExtension(of: number, db)
            return try Row.fetchAll(db, sql: "SELECT * FROM messages WHERE mailbox = ?", arguments: [mailbox])
                .map(Self.message).sorted(by: VoiceMessage.playOrder)
        }
    }

    /// Moves a message to a folder.
    public func moveMessage(_ id: UUID, to folder: MessageFolder) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE messages SET folder = ? WHERE id = ?", arguments: [folder.rawValue, id.uuidString])
            guard db.changesCount == 1 else { throw StoreError.unknownMessage(id.uuidString) }
        }
    }

    /// The bytes a mailbox's messages take.
    public func mailboxUsage(mailbox number: String) async throws(StoreError) -> Int {
        try await read { db in
            let mailbox = try Self.primaryExtension(of: number, db)
            return try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size_bytes), 0) FROM messages WHERE mailbox = ?", arguments: [mailbox]) ?? 0
        }
    }

    /// Changes a mailbox's own settings.
    public func updateMailboxSettings(extension number: String, _ settings: MailboxSettings) async throws(StoreError) {
        try await write { db in
            let mailbox = try Self.primaryExtension(of: number, db)
            try db.execute(
                sql: "UPDATE users SET away_greeting_on = ?, key_map = ?, enrolled = ? WHERE primary_extension = ?",
                arguments: [settings.awayGreetingOn, settings.keyMap, settings.enrolled, mailbox])
        }
    }

    /// The primary extension of the mailbox a number reaches. Flows ask by primary extension, which one indexed
    /// lookup answers; any other number (a DID, a differently written one) takes the directory's full matching.
    private static func primaryExtension(of number: String, _ db: Database) throws -> String {
        if try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE primary_extension = ?", arguments: [number]) != nil { return number }
        return try loadSnapshot(db).existingMailbox(number).primaryExtension
    }

    /// Runs `attempt` until it reports it applied its change: it returns `false` when the record changed between
    /// its read and its write (another logon or PIN change came first).
    private func retryingIfChanged(_ attempt: () async throws(StoreError) -> Bool) async throws(StoreError) {
        for _ in 0..<Self.maximumAttempts {
            if try await attempt() { return }
        }
        throw .storage("the credential kept changing during \(Self.maximumAttempts) attempts")
    }

    /// Concurrent changes to one mailbox's PIN are rare (one caller per mailbox); a few retries cover them.
    private static let maximumAttempts = 5

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw Self.storeError(error) }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw Self.storeError(error) }
    }

    /// A refusal thrown inside a transaction stays what it is; anything else is a storage failure.
    private static func storeError(_ error: any Error) -> StoreError {
        (error as? StoreError) ?? .storage(String(describing: error))
    }
}
