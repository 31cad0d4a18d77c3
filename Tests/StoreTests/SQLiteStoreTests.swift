import Directory
import Foundation
import Store
import StoreConformance
import StoreSQLite
import Testing

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    let now = StoreConformance.now

    @Test func dataSurvivesClosingAndReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("herald.sqlite")
        let expected: DirectorySnapshot
        do {
            let store = try SQLiteStore(path: path, hasher: Driver.fastHasher)
            try await store.seedDemo(now: now)
            try await store.setPIN("246813", extension: "4001", byAdministrator: true, now: now)
            for _ in 1...3 { _ = try await store.verifyPIN("000000", extension: "4002", now: now) }
            try await store.disableMailbox(extension: "4003")
            try await store.removeGateway(named: "loopback-v6")
            expected = try await store.snapshot()
            try store.close()
        }
        let reopened = try SQLiteStore(path: path, hasher: Driver.fastHasher)
        #expect(try await reopened.snapshot() == expected)
        #expect(try await reopened.mailbox(extension: "4003")?.enabled == false)
        #expect(try await reopened.verifyPIN("135246", extension: "4000", now: now) == .accepted(mustChange: false))
        #expect(try await reopened.verifyPIN("246813", extension: "4001", now: now) == .accepted(mustChange: true))
        // The failure count survived too: two more make five, which resets the PIN.
        #expect(try await reopened.verifyPIN("000000", extension: "4002", now: now) == .wrong(failuresInARow: 4, wasReset: false))
        #expect(try await reopened.verifyPIN("000000", extension: "4002", now: now) == .wrong(failuresInARow: 5, wasReset: true))
    }

    @Test func migrationsRunOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("herald.sqlite")
        let first = try SQLiteStore(path: path, hasher: Driver.fastHasher)
        #expect(try await first.appliedMigrations() == ["v1-directory", "v1-credentials", "v2-messages"])
        try await first.addDialPlan(DialPlan(name: "Main", extensionDigits: 4, pilotNumbers: ["5000"]))
        try first.close()
        // Reopening runs nothing again (a second CREATE TABLE or policy INSERT would fail) and keeps the data.
        for _ in 1...2 {
            let again = try SQLiteStore(path: path, hasher: Driver.fastHasher)
            #expect(try await again.appliedMigrations() == ["v1-directory", "v1-credentials", "v2-messages"])
            #expect(try await again.snapshot().policies == [.default])
            #expect(try await again.snapshot().dialPlans.map(\.name) == ["Main"])
            try again.close()
        }
    }

    @Test func theFileNeverHoldsThePIN() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("herald.sqlite")
        let pin = "864209"
        let store = try SQLiteStore(path: path, hasher: PINHasher(iterations: 1_000))
        try await store.seedDemo(now: now)
        try await store.setPIN(pin, extension: "4000", byAdministrator: false, now: now)
        #expect(try await store.verifyPIN(pin, extension: "4000", now: now) == .accepted(mustChange: false))
        // Read every file SQLite wrote (database, WAL, shared memory) while the store is open, then after closing.
        func filesHoldPIN() throws -> Bool {
            try FileManager.default.contentsOfDirectory(atPath: directory.url.path).contains { name in
                let bytes = try Data(contentsOf: directory.url.appendingPathComponent(name))
                return bytes.range(of: Data(pin.utf8)) != nil || bytes.range(of: Data(DirectorySnapshot.demoPIN.utf8)) != nil
            }
        }
        #expect(try !filesHoldPIN())
        try store.close()
        #expect(try !filesHoldPIN())
        // …while the hash is there (in the database or still in its WAL), so the search above did look at the data.
        let hashPrefix = Data("pbkdf2-sha256$1000$".utf8)
        let holdsHash = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).contains { name in
            try Data(contentsOf: directory.url.appendingPathComponent(name)).range(of: hashPrefix) != nil
        }
        #expect(holdsHash)
    }

    /// Two stores on one file stand for `herald serve` and an admin verb of the `herald` command in another process.
    @Test func twoStoresOnOneFileSeeEachOther() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("herald.sqlite")
        let server = try SQLiteStore(path: path, hasher: Driver.fastHasher)
        let admin = try SQLiteStore(path: path, hasher: Driver.fastHasher)
        try await admin.seedDemo(now: now)
        #expect(try await server.snapshot().users.count == 4)
        try await admin.setPIN("246813", extension: "4000", byAdministrator: true, now: now)
        #expect(try await server.verifyPIN("246813", extension: "4000", now: now) == .accepted(mustChange: true))
        #expect(await StoreConformance.refusal { try await server.addDialPlan(DirectorySnapshot.demo.dialPlans[0]) }
            == .duplicateDialPlan("Demo"))
    }

    @Test func anUnopenablePathIsAStorageError() {
        #expect {
            _ = try SQLiteStore(path: "/nonexistent-dir/herald.sqlite")
        } throws: { error in
            guard case .storage = error as? StoreError else { return false }
            return true
        }
    }
}
