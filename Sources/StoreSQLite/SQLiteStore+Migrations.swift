internal import GRDB
internal import Directory

extension SQLiteStore {
    /// The schema, as named migrations GRDB runs once each, in order, recording them in `grdb_migrations`.
    /// A released migration is never edited: changes come as new migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory") { db in
            try db.execute(sql: """
                CREATE TABLE dial_plans (
                    name TEXT PRIMARY KEY NOT NULL,
                    extension_digits INTEGER NOT NULL CHECK (extension_digits > 0),
                    uri_type TEXT NOT NULL,
                    pilot_numbers TEXT NOT NULL,        -- JSON array of strings
                    language TEXT NOT NULL,
                    welcome_greeting TEXT,
                    name_lookup_order TEXT NOT NULL,
                    dialing_rules TEXT NOT NULL         -- JSON DialingRules
                );
                CREATE TABLE gateways (
                    name TEXT PRIMARY KEY NOT NULL,
                    address TEXT NOT NULL,
                    port INTEGER NOT NULL,
                    transport TEXT NOT NULL,
                    allows_outbound_calls INTEGER NOT NULL,
                    sends_message_waiting INTEGER NOT NULL,
                    dial_plan TEXT NOT NULL REFERENCES dial_plans(name) ON UPDATE CASCADE,
                    profile TEXT NOT NULL               -- JSON PBXProfile (greetings map, quirks)
                );
                CREATE TABLE auto_attendants (
                    name TEXT PRIMARY KEY NOT NULL,
                    numbers TEXT NOT NULL,              -- JSON array of strings
                    dial_plan TEXT NOT NULL REFERENCES dial_plans(name) ON UPDATE CASCADE,
                    greeting TEXT
                );
                CREATE TABLE policies (
                    name TEXT PRIMARY KEY NOT NULL,
                    pin_minimum_length INTEGER NOT NULL,
                    refuse_weak_pins INTEGER NOT NULL,
                    pin_history INTEGER NOT NULL,
                    pin_lifetime_days INTEGER,
                    failures_before_reset INTEGER NOT NULL,
                    failures_before_lockout INTEGER NOT NULL,
                    maximum_greeting_seconds INTEGER NOT NULL,
                    maximum_message_seconds INTEGER NOT NULL,
                    minimum_message_seconds INTEGER NOT NULL,
                    quota_warning_megabytes INTEGER NOT NULL,
                    quota_limit_megabytes INTEGER NOT NULL
                );
                CREATE TABLE users (
                    primary_extension TEXT PRIMARY KEY NOT NULL,
                    first_name TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    extensions TEXT NOT NULL,           -- JSON array of strings, the primary first
                    dial_plan TEXT NOT NULL REFERENCES dial_plans(name) ON UPDATE CASCADE,
                    policy TEXT NOT NULL,               -- a policies.name; unknown names fall back to the default
                    language TEXT NOT NULL,
                    enabled INTEGER NOT NULL,
                    away_greeting_on INTEGER NOT NULL
                );
                CREATE INDEX users_dial_plan ON users(dial_plan);
                """)
            try insertPolicy(.default, db)
        }
        migrator.registerMigration("v1-credentials") { db in
            try db.execute(sql: """
                CREATE TABLE credentials (
                    primary_extension TEXT PRIMARY KEY NOT NULL
                        REFERENCES users(primary_extension) ON DELETE CASCADE ON UPDATE CASCADE,
                    pin_hash TEXT,                      -- PINHasher encoding; NULL when none or reset
                    pin_history TEXT NOT NULL,          -- JSON array of PINHasher encodings, newest first
                    pin_set_at REAL,                    -- seconds since 1970
                    must_change INTEGER NOT NULL,
                    failures_in_a_row INTEGER NOT NULL,
                    locked INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v2-messages") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN key_map TEXT NOT NULL DEFAULT 'exchange';
                -- Mailboxes made before enrollment existed are in use already: they are not sent through it.
                ALTER TABLE users ADD COLUMN enrolled INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY NOT NULL,       -- UUID
                    mailbox TEXT NOT NULL
                        REFERENCES users(primary_extension) ON DELETE CASCADE ON UPDATE CASCADE,
                    folder TEXT NOT NULL,               -- new, saved, deleted
                    urgent INTEGER NOT NULL,
                    received REAL NOT NULL,             -- seconds since 1970
                    duration_ms INTEGER NOT NULL,
                    sender_name TEXT,
                    sender_number TEXT,
                    sender_extension TEXT,
                    audio_file TEXT NOT NULL,           -- relative to the data directory
                    introduction_file TEXT,
                    introduction_ms INTEGER NOT NULL,
                    size_bytes INTEGER NOT NULL
                );
                CREATE INDEX messages_mailbox ON messages(mailbox, folder);
                """)
        }
        return migrator
    }

    /// Stores a mailbox policy.
    static func insertPolicy(_ policy: MailboxPolicy, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO policies (name, pin_minimum_length, refuse_weak_pins, pin_history, pin_lifetime_days,
                    failures_before_reset, failures_before_lockout, maximum_greeting_seconds, maximum_message_seconds,
                    minimum_message_seconds, quota_warning_megabytes, quota_limit_megabytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                policy.name, policy.pinMinimumLength, policy.refuseWeakPINs, policy.pinHistory, policy.pinLifetimeDays,
                policy.failuresBeforeReset, policy.failuresBeforeLockout, policy.maximumGreetingSeconds,
                policy.maximumMessageSeconds, policy.minimumMessageSeconds, policy.quotaWarningMegabytes,
                policy.quotaLimitMegabytes,
            ])
    }
}
