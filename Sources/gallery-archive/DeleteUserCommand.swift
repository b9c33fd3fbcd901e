import ArgumentParser
import Backends
import Catalog
import Foundation
import Logging
import StorageTools

/// `gallery-archive storage delete-user USER_ID [--dry-run]`: removes a deleted user's folders from the bucket and
/// from every writable media root, then checks nothing is left; exit 1 when something is.
struct DeleteUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-user",
        abstract: "Remove a deleted user's files (library, uploads, profile, thumbnails, transcodes) from disk and S3.")

    @Argument(help: "The user's id (a UUID).") var userID: String
    @Flag(help: "Count what would be removed; remove nothing.") var dryRun = false
    @Option(help: "The library folder's name, for a user no longer in the database who had a storage label.")
    var storageLabel: String?
    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let locations = try Self.locations(environment)
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: Logger(label: "gallery-archive storage"))
        let (userID, storageLabel, dryRun) = (self.userID, self.storageLabel, self.dryRun)
        let complete = try await choice.withReadyCatalog { catalog in
            let cleanup = UserStorageCleanup(users: catalog, locations: locations)
            let plan: UserCleanupPlan
            do {
                plan = try await cleanup.plan(userID: userID, storageLabel: storageLabel)
            } catch let refusal as UserCleanupRefusal {
                throw ValidationError(refusal.description)
            }
            print(Self.describe(plan))
            guard !dryRun, !plan.total.isEmpty else { return true }
            let outcome = try await cleanup.run(plan)
            print("deleted \(Self.count(outcome.deleted))")
            for entry in outcome.left {
                print("still there: \(entry.folder) on \(entry.location.name): \(Self.count(entry.found))")
            }
            if outcome.complete { print("nothing of user \(plan.folders.userID) is left") }
            return outcome.complete
        }
        if !complete { throw ExitCode(1) }
    }

    /// The bucket, when one is configured, and each writable media root.
    static func locations(_ environment: [String: String]) throws -> [CleanupLocation] {
        let config = try StorageConfig(environment: environment)
        let disk = DiskStorageBackend(roots: try MediaRoots(config.mediaRoots, readOnly: config.readOnlyRoots))
        var locations = config.mediaRoots.map { CleanupLocation.disk(disk, root: $0) }
        if let s3 = config.s3 {
            locations.insert(.bucket(try S3StorageBackend.configured(s3, environment: environment).backend), at: 0)
        }
        return locations
    }

    static func describe(_ plan: UserCleanupPlan) -> String {
        var lines = plan.note.map { [$0] } ?? []
        for entry in plan.entries where !entry.found.isEmpty {
            lines.append("  \(entry.folder) on \(entry.location.name): \(count(entry.found))")
        }
        lines.append(plan.total.isEmpty
            ? "nothing of user \(plan.folders.userID) is stored: nothing to delete"
            : "to delete: \(count(plan.total))")
        return lines.joined(separator: "\n")
    }

    static func count(_ inventory: PrefixInventory) -> String {
        "\(inventory.objects) \(inventory.objects == 1 ? "file" : "files"), \(String(format: "%.1f MiB", Double(inventory.bytes) / 1_048_576))"
    }
}
