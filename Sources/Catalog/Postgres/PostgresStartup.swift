import Logging
import PostgresNIO

/// What the PostgreSQL catalog does once before it answers, over one connection of its own: reads the layout of
/// Gallery's tables and creates our own schema. Gallery's tables are only read; everything of ours lives in
/// `gallery_archive`.
struct PostgresStartup {
    let settings: PostgresSettings
    let logger: Logger

    /// Our schema's name; our tables (CRC cache, download links, migration progress) go there, never beside Gallery's.
    static let ownSchema = "gallery_archive"

    /// The layout, once the database answered and our schema exists; within `timeout`.
    func prepare(timeout: Duration) async throws -> GalleryLayout {
        let configuration = try settings.connectionConfiguration()
        return try await withDeadline(timeout, "connecting to Gallery's database") { [logger] in
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                let layout = try GalleryLayout.detect(columns: try await GalleryLayout.columns(of: connection, logger: logger))
                try await Self.createOwnSchema(connection, logger)
                try await connection.close()
                return layout
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    /// Our tables, created if missing (statements that can run again at every start).
    static let ownTables = [
        """
        CREATE TABLE IF NOT EXISTS gallery_archive.crc32 (
          asset_id uuid NOT NULL, path text NOT NULL, size bigint NOT NULL, tag text NOT NULL,
          crc32 bigint NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (asset_id, path, size, tag))
        """,
        """
        CREATE TABLE IF NOT EXISTS gallery_archive.download_link (
          digest bytea PRIMARY KEY, user_id uuid, shared_link_id uuid, asset_ids uuid[] NOT NULL,
          edited boolean NOT NULL, archive_name text, expires_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          CHECK ((user_id IS NULL) <> (shared_link_id IS NULL)))
        """,
        """
        CREATE TABLE IF NOT EXISTS gallery_archive.migration_log (
          seq bigserial PRIMARY KEY, batch text NOT NULL, column_name text NOT NULL, row_id uuid NOT NULL,
          old_path text NOT NULL, new_path text NOT NULL, step text NOT NULL, bytes bigint NOT NULL,
          at timestamptz NOT NULL)
        """,
    ]

    /// Creates `gallery_archive` and our tables if missing. Replicas starting together take an advisory lock first, so two
    /// `CREATE SCHEMA IF NOT EXISTS` never race on the system catalog's unique index.
    private static func createOwnSchema(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('gallery_archive schema'))", logger: logger)
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: ownSchema)", logger: logger)
            for statement in ownTables { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        }
    }
}
