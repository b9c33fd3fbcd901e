import Backends
import Catalog
import Foundation

/// `storage migrate --rollback BATCH`: points every row the batch moved back at its original path, restoring the
/// original's bytes first when `--delete-source` had removed them, then removes the batch's copies. A row changed
/// since (its path is no longer the batch's copy) is left alone.
public struct MigrationRollback: Sendable {
    let store: any MigrationStore
    let storage: StorageRouter

    public init(store: any MigrationStore, storage: StorageRouter) {
        self.store = store
        self.storage = storage
    }

    public func run(batch: String) async throws -> MigrationReport {
        let entries = try await store.migrationLog(batch: batch)
        let current = Dictionary(try await store.storedFiles().map { ($0.rowID, $0) }, uniquingKeysWith: { a, _ in a })
        // The files the batch moved: "moved" last, "source-deleted" last, or "copied" last where the catalog shows
        // the update went through (a run killed before logging it).
        let moves = MigrationLogEntry.lastSteps(entries).filter { entry in
            entry.step == .moved || entry.step == .sourceDeleted
                || (entry.step == .copied && current[entry.rowID]?.path == entry.newPath)
        }
        var report = MigrationReport(total: moves.count)
        for entry in moves {
            guard let file = current[entry.rowID], file.path == entry.newPath else {
                report.record(.conflict(path: entry.newPath))
                continue
            }
            do {
                try await undo(entry, file, restore: entry.step == .sourceDeleted)
                report.record(.moved(bytes: entry.bytes))
            } catch {
                report.record(.failed(path: entry.newPath, reason: "\(error)"))
            }
        }
        return report
    }

    private func undo(_ entry: MigrationLogEntry, _ file: StoredFileReference, restore: Bool) async throws {
        if restore { _ = try await FileCopy(storage: storage).copy(entry.newPath, to: entry.oldPath, sha1: file.contentSHA1) }
        guard try await store.movePath(of: file, from: entry.newPath, to: entry.oldPath) else { return }
        try await store.logMigration(MigrationLogEntry(
            batch: entry.batch, column: entry.column, rowID: entry.rowID, oldPath: entry.oldPath,
            newPath: entry.newPath, step: .rolledBack, bytes: entry.bytes))
        let (backend, key) = try storage.locate(entry.newPath)
        try await backend.delete(key)
    }
}
