import Catalog
import Foundation
import ArchiveService
import Logging

/// A fresh PostgreSQL database with Gallery's tables in one layout (loaded from fixtures/gallery-schema, written
/// from GALLERY-SCHEMA.md), filled with exactly the rows of a test's SQLite catalog, so the same test runs against
/// SQLite and both PostgreSQL layouts.
struct PostgresTestDatabase: Sendable {
    let name: String
    let layout: TestCatalog

    /// Creates the database from the layout's template (made once per test process) and copies `sqlite`'s rows.
    static func make(layout: TestCatalog, copying sqlitePath: String) async throws -> PostgresTestDatabase {
        let template = try await Templates.shared.name(for: layout)
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Psql.run("CREATE DATABASE \(name) TEMPLATE \(template)")
        let database = PostgresTestDatabase(name: name, layout: layout)
        try await PostgresDemoLoader.load(sqlite: sqlitePath, into: try database.settings(), logger: Logger(label: "test"))
        return database
    }

    /// The settings `serve` would build from `DB_URL`.
    func settings() throws -> PostgresSettings {
        guard let settings = try PostgresSettings.fromEnvironment(["DB_URL": "\(try Psql.serverURL())/\(name)"]) else {
            throw Psql.Failure(description: "DB_URL was not taken")
        }
        return settings
    }

    func drop() async {
        _ = try? await Psql.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// One template database per layout and test process: the schema is loaded once, each test copies it.
    actor Templates {
        static let shared = Templates()
        private var made: [TestCatalog: Task<String, any Error>] = [:]

        func name(for layout: TestCatalog) async throws -> String {
            if let task = made[layout] { return try await task.value }
            let task = Task<String, any Error> {
                let name = "tpl_\(layout == .postgresV3 ? "v3" : "fork")_\(getpid())"
                let schema = try String(contentsOfFile: TestService.fixtures + "/gallery-schema/\(layout.rawValue).sql",
                                        encoding: .utf8)
                try await Psql.run("DROP DATABASE IF EXISTS \(name); CREATE DATABASE \(name)")
                try await Psql.run(schema, database: name)
                return name
            }
            made[layout] = task
            return try await task.value
        }
    }
}
