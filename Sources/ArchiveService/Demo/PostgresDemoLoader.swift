import Catalog
import Foundation
import Logging
import PostgresNIO

/// Puts the demo library into an empty PostgreSQL database that has Gallery's tables (either layout, e.g. from
/// `fixtures/gallery-schema`), so `serve` can be tried beside a Gallery-shaped database without a Gallery. It refuses
/// a database that already holds assets: it is never to be pointed at a real Gallery.
public enum PostgresDemoLoader {
    public struct NotEmpty: Error, CustomStringConvertible {
        public var description: String {
            "the database already holds assets: the demo loads only into an empty database with Gallery's tables"
        }
    }

    /// Copies every row of the SQLite catalog `sqlitePath` into the database `settings` name.
    public static func load(sqlite sqlitePath: String, into settings: PostgresSettings, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try settings.connectionConfiguration(), id: 1, logger: logger)
        do {
            let rows = try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM asset)", logger: logger).collect()
            guard try rows.first?.decode(Bool.self) == false else { throw NotEmpty() }
            let copy = GalleryRowCopy(sqlitePath: sqlitePath,
                                      target: try await GalleryLayout.columns(of: connection, logger: logger))
            let statements = try copy.statements()
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SET LOCAL TIME ZONE 'UTC'", logger: logger)
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
