import PostgresNIO

/// The Gallery fork's own `storage_migration_log` (GALLERY-SCHEMA.md, fork section), kept beside ours when the
/// database has it, so the fork's tools and admins see the moves `storage migrate` made. It holds finished moves
/// only, one row each, in its own vocabulary: a move becomes a row when the catalog points at the copy, and a
/// rolled-back move loses its row (the fork's own rollback must not undo it a second time). Our table stays the
/// one `storage migrate` resumes and rolls back from.
extension PostgresCatalog {
    func logInForkTable(_ entry: MigrationLogEntry) async throws {
        switch entry.step {
        case .moved: try await insertForkRow(entry)
        case .rolledBack: try await deleteForkRow(entry)
        case .copied, .conflict, .sourceDeleted: return
        }
    }

    private func insertForkRow(_ entry: MigrationLogEntry) async throws {
        // entityType and fileType as the fork writes them: 'asset' with 'original', 'assetFile' with the row's own
        // asset_file type, 'person' and 'user' without one.
        let source = switch entry.column {
        case .assetOriginal: "SELECT 'asset', id, 'original' FROM asset WHERE id = $1::uuid"
        case .assetFile: "SELECT 'assetFile', id, type::text FROM asset_file WHERE id = $1::uuid"
        case .personThumbnail: "SELECT 'person', id, NULL FROM person WHERE id = $1::uuid"
        case .userProfileImage: #"SELECT 'user', id, NULL FROM "user" WHERE id = $1::uuid"#
        }
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(entry.rowID)
        bindings.append(entry.oldPath)
        bindings.append(entry.newPath)
        bindings.append(entry.newPath.hasPrefix("/") ? "toDisk" : "toS3")
        bindings.append(entry.batch)
        _ = try await rows(PostgresQuery(unsafeSQL: """
            INSERT INTO storage_migration_log ("entityType", "entityId", "fileType", "oldPath", "newPath", direction, "batchId")
            SELECT entity.*, $2, $3, $4, $5::uuid FROM (\(source)) AS entity
            """, binds: bindings)) { _ in () }
    }

    private func deleteForkRow(_ entry: MigrationLogEntry) async throws {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(entry.batch)
        bindings.append(entry.rowID)
        bindings.append(entry.newPath)
        _ = try await rows(PostgresQuery(unsafeSQL: """
            DELETE FROM storage_migration_log WHERE "batchId" = $1::uuid AND "entityId" = $2::uuid AND "newPath" = $3
            """, binds: bindings)) { _ in () }
    }
}
