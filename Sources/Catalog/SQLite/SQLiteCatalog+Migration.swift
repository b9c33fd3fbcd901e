import Foundation
import GRDB

extension SQLiteCatalog: MigrationStore {
    public func storedFiles() async throws -> [StoredFileReference] {
        try await database.read { db in
            // The fork's layout, which this mirrors, has no checksumAlgorithm: uploads (no library) hash their bytes.
            let originals = try Row.fetchAll(db, sql: """
                SELECT id, originalPath, CASE WHEN libraryId IS NULL THEN checksum END AS sha1 FROM asset
                """).map { row in
                StoredFileReference(column: .assetOriginal, rowID: row["id"], assetID: row["id"], path: row["originalPath"],
                                    contentSHA1: (row["sha1"] as Data?).map { Array($0) })
            }
            let files = try Row.fetchAll(db, sql: "SELECT id, assetId, path FROM asset_file").map { row in
                StoredFileReference(column: .assetFile, rowID: row["id"], assetID: row["assetId"], path: row["path"])
            }
            return originals + files
        }
    }

    /// The embedded catalog mirrors Gallery's 12 tables, which hold no person or profile image: `storedFiles()`
    /// never lists one, and a move of one finds no row.
    public func movePath(of file: StoredFileReference, from old: String, to new: String) async throws -> Bool {
        let sql = switch file.column {
        case .assetOriginal: "UPDATE asset SET originalPath = ? WHERE id = ? AND originalPath = ?"
        case .assetFile: "UPDATE asset_file SET path = ? WHERE id = ? AND path = ?"
        case .personThumbnail, .userProfileImage: ""
        }
        guard !sql.isEmpty else { return false }
        return try await database.write { db in
            try db.execute(sql: sql, arguments: [new, file.rowID, old])
            return db.changesCount == 1
        }
    }

    public func logMigration(_ entry: MigrationLogEntry) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO gallery_archive_migration_log (batch, columnName, rowId, oldPath, newPath, step, bytes, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.batch, entry.column.rawValue, entry.rowID, entry.oldPath, entry.newPath,
                                 entry.step.rawValue, entry.bytes, entry.at])
        }
    }

    public func migrationLog(batch: String?) async throws -> [MigrationLogEntry] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM gallery_archive_migration_log WHERE ?1 IS NULL OR batch = ?1 ORDER BY seq
                """, arguments: [batch]).compactMap { row in
                guard let column = StoredFileReference.Column(rawValue: row["columnName"]),
                      let step = MigrationLogEntry.Step(rawValue: row["step"]) else { return nil }
                return MigrationLogEntry(batch: row["batch"], column: column, rowID: row["rowId"], oldPath: row["oldPath"],
                                         newPath: row["newPath"], step: step, bytes: row["bytes"], at: row["at"])
            }
        }
    }
}
