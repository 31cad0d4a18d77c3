internal import Directory
internal import Foundation
internal import GRDB
internal import Store

/// Reading and writing domain values as rows. Complex values (lists, maps, PBX profiles) are JSON text columns:
/// they are read and written whole, never queried inside.
extension SQLiteStore {
    /// The whole directory, read inside the caller's transaction.
    static func loadSnapshot(_ db: Database) throws -> DirectorySnapshot {
        let plans = try Row.fetchAll(db, sql: "SELECT * FROM dial_plans ORDER BY rowid").map { row in
            DialPlan(
                name: try row.decode(forColumn: "name"),
                extensionDigits: try row.decode(forColumn: "extension_digits"),
                uriType: try enumValue(row, "uri_type"),
                pilotNumbers: try json(row, "pilot_numbers"),
                language: try row.decode(forColumn: "language"),
                welcomeGreeting: try row.decode(forColumn: "welcome_greeting"),
                nameLookupOrder: try enumValue(row, "name_lookup_order"),
                dialingRules: try json(row, "dialing_rules"))
        }
        let gateways = try Row.fetchAll(db, sql: "SELECT * FROM gateways ORDER BY rowid").map { row in
            IPGateway(
                name: try row.decode(forColumn: "name"),
                address: try row.decode(forColumn: "address"),
                port: try row.decode(forColumn: "port"),
                transport: try enumValue(row, "transport"),
                allowsOutboundCalls: try row.decode(forColumn: "allows_outbound_calls"),
                sendsMessageWaiting: try row.decode(forColumn: "sends_message_waiting"),
                dialPlan: try row.decode(forColumn: "dial_plan"),
                profile: try json(row, "profile"))
        }
        let attendants = try Row.fetchAll(db, sql: "SELECT * FROM auto_attendants ORDER BY rowid").map { row in
            AutoAttendant(
                name: try row.decode(forColumn: "name"),
                numbers: try json(row, "numbers"),
                dialPlan: try row.decode(forColumn: "dial_plan"),
                greeting: try row.decode(forColumn: "greeting"))
        }
        let users = try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY rowid").map(user)
        let policies = try Row.fetchAll(db, sql: "SELECT * FROM policies ORDER BY rowid").map { row in
            MailboxPolicy(
                name: try row.decode(forColumn: "name"),
                pinMinimumLength: try row.decode(forColumn: "pin_minimum_length"),
                refuseWeakPINs: try row.decode(forColumn: "refuse_weak_pins"),
                pinHistory: try row.decode(forColumn: "pin_history"),
                pinLifetimeDays: try row.decode(forColumn: "pin_lifetime_days"),
                failuresBeforeReset: try row.decode(forColumn: "failures_before_reset"),
                failuresBeforeLockout: try row.decode(forColumn: "failures_before_lockout"),
                maximumGreetingSeconds: try row.decode(forColumn: "maximum_greeting_seconds"),
                maximumMessageSeconds: try row.decode(forColumn: "maximum_message_seconds"),
                minimumMessageSeconds: try row.decode(forColumn: "minimum_message_seconds"),
                quotaWarningMegabytes: try row.decode(forColumn: "quota_warning_megabytes"),
                quotaLimitMegabytes: try row.decode(forColumn: "quota_limit_megabytes"))
        }
        return DirectorySnapshot(dialPlans: plans, gateways: gateways, autoAttendants: attendants, users: users, policies: policies)
    }

    /// A user from a `users` row.
    static func user(_ row: Row) throws -> UMUser {
        UMUser(
            firstName: try row.decode(forColumn: "first_name"),
            lastName: try row.decode(forColumn: "last_name"),
            displayName: try row.decode(forColumn: "display_name"),
            email: try row.decode(forColumn: "email"),
            alias: try row.decode(forColumn: "alias"),
            extensions: try json(row, "extensions"),
            dialPlan: try row.decode(forColumn: "dial_plan"),
            policy: try row.decode(forColumn: "policy"),
            language: try row.decode(forColumn: "language"),
            enabled: try row.decode(forColumn: "enabled"),
            awayGreetingOn: try row.decode(forColumn: "away_greeting_on"),
            keyMap: try row.decode(forColumn: "key_map"),
            enrolled: try row.decode(forColumn: "enrolled"))
    }

    /// A message from a `messages` row.
    static func message(_ row: Row) throws -> VoiceMessage {
        let id: String = try row.decode(forColumn: "id")
        guard let uuid = UUID(uuidString: id) else { throw StoreError.storage("message id \(id) is not a UUID") }
        return VoiceMessage(
            id: uuid,
            mailbox: try row.decode(forColumn: "mailbox"),
            folder: try enumValue(row, "folder"),
            urgent: try row.decode(forColumn: "urgent"),
            received: Date(timeIntervalSince1970: try row.decode(forColumn: "received")),
            durationMilliseconds: try row.decode(forColumn: "duration_ms"),
            senderName: try row.decode(forColumn: "sender_name"),
            senderNumber: try row.decode(forColumn: "sender_number"),
            senderExtension: try row.decode(forColumn: "sender_extension"),
            audioFile: try row.decode(forColumn: "audio_file"),
            introductionFile: try row.decode(forColumn: "introduction_file"),
            introductionMilliseconds: try row.decode(forColumn: "introduction_ms"),
            sizeBytes: try row.decode(forColumn: "size_bytes"))
    }

    static func insert(_ message: VoiceMessage, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO messages (id, mailbox, folder, urgent, received, duration_ms, sender_name, sender_number,
                    sender_extension, audio_file, introduction_file, introduction_ms, size_bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                message.id.uuidString, message.mailbox, message.folder.rawValue, message.urgent,
                message.received.timeIntervalSince1970, message.durationMilliseconds, message.senderName, message.senderNumber,
                message.senderExtension, message.audioFile, message.introductionFile, message.introductionMilliseconds,
                message.sizeBytes,
            ])
    }

    static func insert(_ plan: DialPlan, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO dial_plans (name, extension_digits, uri_type, pilot_numbers, language, welcome_greeting,
                    name_lookup_order, dialing_rules)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                plan.name, plan.extensionDigits, plan.uriType.rawValue, try jsonText(plan.pilotNumbers), plan.language,
                plan.welcomeGreeting, plan.nameLookupOrder.rawValue, try jsonText(plan.dialingRules),
            ])
    }

    static func insert(_ gateway: IPGateway, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO gateways (name, address, port, transport, allows_outbound_calls, sends_message_waiting,
                    dial_plan, profile)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                gateway.name, gateway.address, gateway.port, gateway.transport.rawValue, gateway.allowsOutboundCalls,
                gateway.sendsMessageWaiting, gateway.dialPlan, try jsonText(gateway.profile),
            ])
    }

    /// Inserts a user or updates the one with the same primary extension, in place (never delete-and-insert, which
    /// would cascade to the credentials).
    static func upsert(_ user: UMUser, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO users (primary_extension, first_name, last_name, display_name, email, alias, extensions,
                    dial_plan, policy, language, enabled, away_greeting_on, key_map, enrolled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (primary_extension) DO UPDATE SET
                    first_name = excluded.first_name, last_name = excluded.last_name,
                    display_name = excluded.display_name, email = excluded.email, alias = excluded.alias,
                    extensions = excluded.extensions, dial_plan = excluded.dial_plan, policy = excluded.policy,
                    language = excluded.language, enabled = excluded.enabled, away_greeting_on = excluded.away_greeting_on,
                    key_map = excluded.key_map, enrolled = excluded.enrolled
                """,
            arguments: [
                user.primaryExtension, user.firstName, user.lastName, user.displayName, user.email, user.alias,
                try jsonText(user.extensions), user.dialPlan, user.policy, user.language, user.enabled, user.awayGreetingOn,
                user.keyMap, user.enrolled,
            ])
    }

    /// The credential row of a mailbox, or a fresh record when it has none.
    static func credential(primaryExtension: String, _ db: Database) throws -> PINRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM credentials WHERE primary_extension = ?", arguments: [primaryExtension])
        else { return PINRecord() }
        let setAt: Double? = try row.decode(forColumn: "pin_set_at")
        return PINRecord(
            hash: try row.decode(forColumn: "pin_hash"),
            history: try json(row, "pin_history"),
            setAt: setAt.map { Date(timeIntervalSince1970: $0) },
            mustChange: try row.decode(forColumn: "must_change"),
            failuresInARow: try row.decode(forColumn: "failures_in_a_row"),
            locked: try row.decode(forColumn: "locked"))
    }

    static func save(_ record: PINRecord, primaryExtension: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO credentials (primary_extension, pin_hash, pin_history, pin_set_at, must_change,
                    failures_in_a_row, locked)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (primary_extension) DO UPDATE SET
                    pin_hash = excluded.pin_hash, pin_history = excluded.pin_history, pin_set_at = excluded.pin_set_at,
                    must_change = excluded.must_change, failures_in_a_row = excluded.failures_in_a_row,
                    locked = excluded.locked
                """,
            arguments: [
                primaryExtension, record.hash, try jsonText(record.history), record.setAt?.timeIntervalSince1970,
                record.mustChange, record.failuresInARow, record.locked,
            ])
    }

    // MARK: Column helpers

    /// A `RawRepresentable` enum from a text column; an unknown value is a storage error, not a crash.
    static func enumValue<Value: RawRepresentable>(_ row: Row, _ column: String) throws -> Value where Value.RawValue == String {
        let text: String = try row.decode(forColumn: column)
        guard let value = Value(rawValue: text) else { throw StoreError.storage("column \(column) holds unknown value \(text)") }
        return value
    }

    /// A value from a JSON text column.
    static func json<Value: Decodable>(_ row: Row, _ column: String) throws -> Value {
        let text: String = try row.decode(forColumn: column)
        return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    /// The JSON text of a value, object keys sorted (set elements keep their in-memory order).
    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
