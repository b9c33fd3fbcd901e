import Backends
import Catalog
import Foundation

/// `storage migrate`: moves the files the catalog points to between disk and S3, one at a time per task, each in
/// the order that keeps every catalog path readable at every instant: check the original against Gallery's SHA-1
/// where it keeps one, copy, read back and compare, log, point the catalog at the copy (only if it still points at
/// the original), log, and only then — with `deleteSource` — delete the original. A run killed anywhere leaves every path pointing at a whole file; running again finishes
/// the job (a copy without its catalog update is simply made again), and a finished migration moves nothing.
///
/// Originals are deleted only once their move is `grace` old: a download planned before the move reads the old
/// paths to its end (a disk file it has opened outlives its name, but one it has yet to open, or an S3 object it
/// must resume, would be gone). A later run with `deleteSource` deletes what has come of age.
public struct StorageMigration: Sendable {
    let store: any MigrationStore
    let storage: StorageRouter
    /// The writable media roots (`IMMICH_MEDIA_LOCATION`); the first receives files from S3.
    let roots: [String]
    let concurrency: Int

    public init(store: any MigrationStore, storage: StorageRouter, roots: [String], concurrency: Int = 4) {
        self.store = store
        self.storage = storage
        self.roots = roots
        self.concurrency = max(1, concurrency)
    }

    /// The files a migration to `target` would move, each with its destination.
    public func pending(to target: MigrationTarget) async throws -> [PlannedMove] {
        try await store.storedFiles().compactMap { file in
            target.destination(of: file.path, roots: roots).map { PlannedMove(file: file, destination: $0) }
        }
    }

    /// Moves `moves` as batch `batch`; with `deleteSource`, deletes the originals of moves at least `grace` old,
    /// this run's included when `grace` is zero (earlier runs', or a killed run's, left behind until now).
    public func run(_ moves: [PlannedMove], batch: String, deleteSource: Bool, grace: Duration = .zero,
                    progress: @escaping @Sendable (MigrationReport) -> Void = { _ in }) async throws -> MigrationReport {
        var report = MigrationReport(total: moves.count)
        if deleteSource {
            let cutoff = Date() - Double(grace.components.seconds)
            for left in try await originalsLeft() where left.movedAt <= cutoff {
                try await deleteOriginal(left.file, at: left.path, batch: left.batch, bytes: left.bytes)
                report.originalsDeleted += 1
            }
        }
        let deleteAtOnce = deleteSource && grace <= .zero
        try await forEachBounded(moves, limit: concurrency, { await self.move($0, batch: batch, deleteSource: deleteAtOnce) }) {
            report.record($0)
            if deleteAtOnce, case .moved = $0 { report.originalsDeleted += 1 }
            progress(report)
        }
        report.originalsKept = try await originalsLeft().count
        try await removeAbandonedCopies(besides: moves)
        return report
    }

    /// A run killed while writing a disk file leaves a temporary file beside it; the run that finishes the job
    /// removes those of dead processes from every folder it wrote to.
    private func removeAbandonedCopies(besides moves: [PlannedMove]) async throws {
        guard let disk = storage.disk as? DiskStorageBackend else { return }
        var folders: [String: String] = [:]
        for move in moves where move.destination.hasPrefix("/") {
            folders[(move.destination as NSString).deletingLastPathComponent] = move.destination
        }
        for destination in folders.values { try await disk.removeAbandonedTemporaryFiles(besides: destination) }
    }

    private func move(_ move: PlannedMove, batch: String, deleteSource: Bool) async -> MigrationReport.Outcome {
        let (file, old, new) = (move.file, move.file.path, move.destination)
        do {
            let bytes = try await FileCopy(storage: storage).copy(old, to: new, sha1: file.contentSHA1)
            try await log(file, old, new, .copied, batch, bytes)
            guard try await store.movePath(of: file, from: old, to: new) else {
                try await log(file, old, new, .conflict, batch, bytes)
                return .conflict(path: old)
            }
            try await log(file, old, new, .moved, batch, bytes)
            if deleteSource { try await deleteOriginal(file, at: old, batch: batch, bytes: bytes, new: new) }
            return .moved(bytes: bytes)
        } catch {
            return .failed(path: old, reason: "\(error)")
        }
    }

    private func deleteOriginal(_ file: StoredFileReference, at old: String, batch: String, bytes: Int64,
                                new: String? = nil) async throws {
        let (backend, key) = try storage.locate(old)
        try await backend.delete(key)
        try await log(file, old, new ?? file.path, .sourceDeleted, batch, bytes)
    }

    /// Originals of moves whose catalog update went through but that are not deleted (yet), with when they moved.
    /// A run killed between the update and its "moved" line leaves "copied" last in the log: the catalog then says
    /// which happened.
    public func originalsLeft() async throws -> [LeftOriginal] {
        let current = Dictionary(try await store.storedFiles().map { ($0.rowID, $0) }, uniquingKeysWith: { a, _ in a })
        return MigrationLogEntry.lastSteps(try await store.migrationLog(batch: nil)).compactMap { entry in
            guard entry.step == .moved || entry.step == .copied, let file = current[entry.rowID],
                  file.path == entry.newPath else { return nil }
            return LeftOriginal(file: file, path: entry.oldPath, batch: entry.batch, bytes: entry.bytes, movedAt: entry.at)
        }
    }

    private func log(_ file: StoredFileReference, _ old: String, _ new: String, _ step: MigrationLogEntry.Step,
                     _ batch: String, _ bytes: Int64) async throws {
        try await store.logMigration(MigrationLogEntry(batch: batch, column: file.column, rowID: file.rowID,
                                                       oldPath: old, newPath: new, step: step, bytes: bytes))
    }
}

/// An original whose file has moved (the catalog points at the copy) but which is still there.
public struct LeftOriginal: Sendable {
    let file: StoredFileReference
    /// The original's path.
    public let path: String
    let batch: String
    let bytes: Int64
    /// When the catalog was pointed at the copy (logged).
    public let movedAt: Date
}

/// One file to move and where to.
public struct PlannedMove: Sendable {
    public let file: StoredFileReference
    public let destination: String
}
