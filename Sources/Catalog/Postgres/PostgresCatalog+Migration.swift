import Foundation
import PostgresNIO

extension PostgresCatalog: MigrationStore {
    public func storedFiles() async throws -> [StoredFileReference] {
        _ = try queries()
        let originals = try await rows(PostgresQuery(unsafeSQL: #"SELECT id::text, "originalPath" FROM asset"#)) { row in
            let (id, path) = try row.decode((String, String).self)
            return StoredFileReference(column: .assetOriginal, rowID: id, assetID: id, path: path)
        }
        let files = try await rows(PostgresQuery(unsafeSQL: #"SELECT id::text, "assetId"::text, path FROM asset_file"#)) { row in
            let (id, asset, path) = try row.decode((String, String, String).self)
            return StoredFileReference(column: .assetFile, rowID: id, assetID: asset, path: path)
        }
        return originals + files
    }

    public func movePath(of file: StoredFileReference, from old: String, to new: String) async throws -> Bool {
        _ = try queries()
        let sql = switch file.column {
        case .assetOriginal:
            #"UPDATE asset SET "originalPath" = $1 WHERE id = $2::uuid AND "originalPath" = $3 RETURNING id"#
        case .assetFile:
            #"UPDATE asset_file SET path = $1, "updatedAt" = now() WHERE id = $2::uuid AND path = $3 RETURNING id"#
        }
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(new)
        bindings.append(file.rowID)
        bindings.append(old)
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)) { _ in () }.count == 1
    }

    public func logMigration(_ entry: MigrationLogEntry) async throws {
        _ = try queries()
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(entry.batch)
        bindings.append(entry.column.rawValue)
        bindings.append(entry.rowID)
        bindings.append(entry.oldPath)
        bindings.append(entry.newPath)
        bindings.append(entry.step.rawValue)
        bindings.append(entry.bytes)
        bindings.append(entry.at)
        _ = try await rows(PostgresQuery(unsafeSQL: """
            INSERT INTO gallery_archive.migration_log (batch, column_name, row_id, old_path, new_path, step, bytes, at)
            VALUES ($1, $2, $3::uuid, $4, $5, $6, $7, $8)
            """, binds: bindings)) { _ in () }
    }

    public func migrationLog(batch: String?) async throws -> [MigrationLogEntry] {
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(batch)
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT batch, column_name, row_id::text, old_path, new_path, step, bytes, at FROM gallery_archive.migration_log
            WHERE $1::text IS NULL OR batch = $1 ORDER BY seq
            """, binds: bindings)) { row in
            let (batch, column, rowID, old, new, step, bytes, at) = try row.decode(
                (String, String, String, String, String, String, Int64, Date).self)
            return MigrationLogEntry(batch: batch, column: StoredFileReference.Column(rawValue: column) ?? .assetFile,
                                     rowID: rowID, oldPath: old, newPath: new,
                                     step: MigrationLogEntry.Step(rawValue: step) ?? .conflict, bytes: bytes, at: at)
        }
    }
}
