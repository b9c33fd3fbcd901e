import ArchiveService
import ArgumentParser
import Backends
import Catalog
import Foundation
import Logging
import StorageTools

/// `gallery-archive storage migrate --to s3|disk` and `--rollback BATCH`: moves the files Gallery's catalog points
/// to between disk and the bucket, resumably; exit 1 when any file failed.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Move originals and derived files between disk and S3 (resumable, with rollback).")

    @Option(help: "Where files go: s3 or disk.") var to: MigrationTarget?
    @Option(help: "Undo one batch (its id, as `storage status` lists them).") var rollback: String?
    @Flag(help: "Count what would move, and its size; move nothing.") var dryRun = false
    @Flag(help: "Delete the originals whose copies the catalog has pointed at for --grace seconds (earlier runs' too).")
    var deleteSource = false
    @Option(help: "How long an original outlives its move, for downloads planned before it (seconds; 0: at once).")
    var grace = 86_400
    @Option(help: "Files copied at once.") var concurrency = 4
    @Option(help: "Move at most this many files in this run (the rest waits for the next).") var batchSize: Int?
    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func validate() throws {
        guard (to == nil) != (rollback == nil) else { throw ValidationError("Give exactly one of --to and --rollback.") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64.") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
        guard grace >= 0 else { throw ValidationError("--grace must be 0 or more seconds.") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let setup = try StorageSetup(environment: environment)
        guard setup.router.s3 != nil else { throw ValidationError("No bucket: set IMMICH_S3_BUCKET and the other IMMICH_S3_* variables.") }
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: Logger(label: "gallery-archive storage"))
        let roots = setup.config.mediaRoots
        let (target, rollback, dryRun, deleteSource, concurrency, batchSize, grace) =
            (to, self.rollback, self.dryRun, self.deleteSource, self.concurrency, self.batchSize, self.grace)
        let report = try await choice.withReadyCatalog { catalog -> MigrationReport? in
            if let rollback {
                return try await MigrationRollback(store: catalog, storage: setup.router).run(batch: rollback)
            }
            let migration = StorageMigration(store: catalog, storage: setup.router, roots: roots, concurrency: concurrency)
            let pending = try await migration.pending(to: target ?? .s3)
            let moves = batchSize.map { Array(pending.prefix($0)) } ?? pending
            if dryRun {
                print(try await Self.describe(moves, of: pending.count, storage: setup.router))
                return MigrationReport?.none
            }
            let batch = Self.newBatch()
            print("batch \(batch): \(moves.count) of \(pending.count) files to \(target?.rawValue ?? "")")
            let view = ProgressLine(started: .now)
            let report = try await migration.run(moves, batch: batch, deleteSource: deleteSource, grace: .seconds(grace)) {
                view.show(done: $0.done, total: $0.total, bytes: UInt64($0.bytes))
            }
            view.finish()
            return report
        }
        guard let report else { return }
        print("\(report.moved) of \(report.total) files \(rollback == nil ? "moved" : "moved back") (\(ByteText.short(UInt64(report.bytes)))), "
              + "\(report.conflicts.count) changed meanwhile and left alone, \(report.failures.count) failed")
        if report.originalsDeleted > 0 { print("\(report.originalsDeleted) originals deleted") }
        if report.originalsKept > 0 {
            print("\(report.originalsKept) originals are still there: "
                  + (deleteSource ? "deleted by a run with --delete-source once their move is \(grace) s old"
                                  : "delete them with --delete-source (after --grace seconds, a day by default)"))
        }
        for failure in report.failures { print("✗ \(failure.path): \(failure.reason)") }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    /// What a dry run prints: counts by column, bytes (asked of the storage), and the time at a stated rate.
    static func describe(_ moves: [PlannedMove], of pending: Int, storage: StorageRouter) async throws -> String {
        var bytes: Int64 = 0
        for move in moves {
            let (backend, key) = try storage.locate(move.file.path)
            bytes += (try? await backend.head(key).size) ?? 0
        }
        let originals = moves.filter { $0.file.column == .assetOriginal }.count
        return "would move \(moves.count) of \(pending) files (\(originals) originals, \(moves.count - originals) derived), "
            + "\(ByteText.short(UInt64(bytes))); at 50 MB/s about \(Int((Double(bytes) / 50e6).rounded(.up))) s"
    }

    /// A batch id is a UUID, as the fork's `storage_migration_log."batchId"` is: version 7 (RFC 9562 §5.7), whose
    /// first 48 bits are the Unix time in milliseconds, so batches sort by when they started.
    static func newBatch() -> String {
        var bytes = withUnsafeBytes(of: UUID().uuid) { Array($0) }
        let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * index)) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
                hex.dropFirst(20)].joined(separator: "-")
    }
}

extension MigrationTarget: ExpressibleByArgument {}
