import Foundation
import PostgresNIO

extension PostgresCatalog: MigrationStore {
    public func storedFiles() async throws -> [StoredFileReference] {
        let layout = try queries().layout
        var files: [StoredFileReference] = []
        for (column, sql) in Self.pathQueries(layout) where Self.has(column, layout) {
            files += try await rows(PostgresQuery(unsafeSQL: sql)) { row in
                let (id, owner, path, sha1) = try row.decode((String, String, String, ByteBuffer?).self)
                return StoredFileReference(column: column, rowID: id, assetID: owner, path: path,
                                           contentSHA1: sha1.map { Array($0.readableBytesView) })
            }
        }
        return files
    }

    /// Each path column's rows: id, the asset it belongs to (or the row itself), path, and the SHA-1 of the bytes
    /// where Gallery keeps one (an upload's checksum: 'sha1' in v3's checksumAlgorithm; no library in older layouts).
    private static func pathQueries(_ layout: GalleryLayout) -> [(StoredFileReference.Column, String)] {
        let isContent = layout.checksumAlgorithmColumn ? #""checksumAlgorithm" = 'sha1'"# : #""libraryId" IS NULL"#
        return [
            (.assetOriginal, #"SELECT id::text, id::text, "originalPath", CASE WHEN "# + isContent + " THEN checksum END FROM asset"),
            (.assetFile, #"SELECT id::text, "assetId"::text, path, NULL::bytea FROM asset_file"#),
            (.personThumbnail,
             #"SELECT id::text, id::text, "thumbnailPath", NULL::bytea FROM person WHERE "thumbnailPath" <> ''"#),
            (.userProfileImage,
             #"SELECT id::text, id::text, "profileImagePath", NULL::bytea FROM "user" WHERE "profileImagePath" <> ''"#),
        ]
    }

    private static func has(_ column: StoredFileReference.Column, _ layout: GalleryLayout) -> Bool {
        switch column {
        case .assetOriginal, .assetFile: true
        case .personThumbnail: layout.personThumbnails
        case .userProfileImage: layout.userProfileImages
        }
    }

    public func movePath(of file: StoredFileReference, from old: String, to new: String) async throws -> Bool {
        guard Self.has(file.column, try queries().layout) else { return false }
        let sql = switch file.column {
        case .assetOriginal:
            #"UPDATE asset SET "originalPath" = $1 WHERE id = $2::uuid AND "originalPath" = $3 RETURNING id"#
        case .assetFile:
            #"UPDATE asset_file SET path = $1, "updatedAt" = now() WHERE id = $2::uuid AND path = $3 RETURNING id"#
        case .personThumbnail:
            #"UPDATE person SET "thumbnailPath" = $1 WHERE id = $2::uuid AND "thumbnailPath" = $3 RETURNING id"#
        case .userProfileImage:
            #"UPDATE "user" SET "profileImagePath" = $1 WHERE id = $2::uuid AND "profileImagePath" = $3 RETURNING id"#
        }
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(new)
        bindings.append(file.rowID)
        bindings.append(old)
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)) { _ in () }.count == 1
    }

    public func logMigration(_ entry: MigrationLogEntry) async throws {
        let layout = try queries().layout
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
        if layout.forkMigrationLog, UUID(uuidString: entry.batch) != nil {
            try await logInForkTable(entry)
        }
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
