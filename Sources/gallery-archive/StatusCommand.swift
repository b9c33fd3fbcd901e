import ArchiveService
import ArgumentParser
import Catalog
import Foundation
import Logging
import StorageTools

/// `gallery-archive storage status`: where the catalog's files are, what a migration each way would move, and
/// every batch the log holds with its steps.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Where Gallery's files are, what is pending, and the migration batches.")

    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let setup = try StorageSetup(environment: environment)
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: Logger(label: "gallery-archive storage"))
        let roots = setup.config.mediaRoots
        let text = try await choice.withReadyCatalog { catalog in
            let migration = StorageMigration(store: catalog, storage: setup.router, roots: roots)
            let files = try await catalog.storedFiles()
            let inBucket = files.filter { !$0.path.hasPrefix("/") }.count
            var lines = ["\(files.count) files: \(files.count - inBucket) on disk, \(inBucket) in the bucket",
                         "pending: \(try await migration.pending(to: .s3).count) would move to s3, "
                             + "\(try await migration.pending(to: .disk).count) to disk"]
            let left = try await migration.originalsLeft()
            if let oldest = left.map(\.movedAt).min() {
                lines.append("\(left.count) originals still there after their move (the oldest moved \(Self.utc(oldest))): "
                             + "storage migrate --delete-source deletes those older than --grace")
            }
            let log = try await catalog.migrationLog(batch: nil)
            for batch in Self.batches(log) {
                let entries = log.filter { $0.batch == batch }
                let steps = MigrationLogEntry.Step.allCases.compactMap { step -> String? in
                    let count = entries.filter { $0.step == step }.count
                    return count == 0 ? nil : "\(count) \(step.rawValue)"
                }
                lines.append("batch \(batch) (\(Self.utc(entries[0].at))): " + steps.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
        print(text)
    }

    static func utc(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon)) + " UTC"
    }

    /// Batch ids in the order they first appear.
    static func batches(_ log: [MigrationLogEntry]) -> [String] {
        var seen = Set<String>()
        return log.map(\.batch).filter { seen.insert($0).inserted }
    }
}

extension MigrationLogEntry.Step: CaseIterable {
    public static let allCases: [MigrationLogEntry.Step] = [.copied, .moved, .conflict, .sourceDeleted, .rolledBack]
}
