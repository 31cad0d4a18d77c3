import Foundation
import Store
import StoreConformance
import StoreSQLite
import Testing

/// The store drivers the conformance suite runs against.
enum Driver: String, CaseIterable, CustomStringConvertible {
    case inMemory
    case sqlite

    var description: String { rawValue }

    /// One PBKDF2 iteration: the suite tests the rules, and `PINHasherTests` the hash.
    static let fastHasher = PINHasher(iterations: 1)

    /// A fresh, empty store; `body` runs with it and the SQLite file is removed afterwards.
    func withStore(_ body: (any HeraldStore) async throws -> Void) async throws {
        switch self {
        case .inMemory:
            try await body(InMemoryStore(hasher: Self.fastHasher))
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try await body(SQLiteStore(path: directory.path("herald.sqlite"), hasher: Self.fastHasher))
        }
    }
}

/// A directory under the system's temporary directory, unique to one test.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite("Store conformance")
struct ConformanceTests {
    @Test(arguments: Driver.allCases, StoreConformance.checks)
    func conforms(driver: Driver, check: StoreConformance.Check) async throws {
        try await driver.withStore { store in try await check.run(store) }
    }
}
