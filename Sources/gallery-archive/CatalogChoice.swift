import Catalog
import StorageTools
import Foundation
import Logging
import ServiceLifecycle

/// The catalog `serve` and the storage commands read: Gallery's PostgreSQL database when one of Immich's `DB_*`
/// variables is set, else the SQLite catalog in the data directory.
enum CatalogChoice {
    case postgres(PostgresCatalog, PostgresSettings)
    case sqlite(SQLiteCatalog, directory: String)

    /// Throws `CatalogConfigError` naming the variable when a `DB_*` value is wrong.
    static func make(environment: [String: String], data: String, logger: Logger) throws -> CatalogChoice {
        if let settings = try PostgresSettings.fromEnvironment(environment) {
            return .postgres(PostgresCatalog(settings: settings, logger: logger), settings)
        }
        return .sqlite(try SQLiteCatalog(directory: data), directory: data)
    }

    var catalog: any OperatorCatalog {
        switch self {
        case .postgres(let catalog, _): return catalog
        case .sqlite(let catalog, _): return catalog
        }
    }

    /// What must run beside the server for the catalog to answer (PostgreSQL's connection pool).
    var services: [any Service] {
        if case .postgres(let catalog, _) = self { return [catalog] }
        return []
    }

    var description: String {
        switch self {
        case .postgres(_, let settings): return "Gallery's PostgreSQL database \(settings)"
        case .sqlite(_, let directory): return "SQLite in \(directory)"
        }
    }

    /// Runs `body` with the catalog ready, for a command that is not a server: PostgreSQL's pool runs meanwhile,
    /// and a database that does not become ready within `timeout` is an error carrying its reason.
    func withReadyCatalog<Value: Sendable>(timeout: Duration = .seconds(30),
                                           _ body: @escaping @Sendable (any OperatorCatalog) async throws -> Value)
        async throws -> Value
    {
        guard case .postgres(let postgres, _) = self else { return try await body(catalog) }
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await postgres.run(); return nil }
            group.addTask {
                try await Self.waitUntilReady(postgres, timeout: timeout)
                return try await body(postgres)
            }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw CatalogUnavailable(reason: "the catalog stopped before the command ended")
        }
    }

    private static func waitUntilReady(_ catalog: PostgresCatalog, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while case .down(let reason) = catalog.health {
            guard ContinuousClock.now < deadline else { throw CatalogUnavailable(reason: reason) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
