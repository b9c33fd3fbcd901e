import Backends
import Catalog
import Foundation

/// `storage delete-user`: removes a deleted user's folders (`UserFolders`) from every place that holds them — in the
/// bucket by listing and DeleteObjects batches, on disk by removing the trees — and checks that nothing is left.
/// Idempotent: a rerun after a failure goes on, a rerun after success finds nothing to delete.
///
/// It refuses a user Gallery still has (their assets still point at these files), and a library folder whose
/// name is another user's id or storage label.
public struct UserStorageCleanup: Sendable {
    let users: any UserStorageLookup
    let locations: [CleanupLocation]

    public init(users: any UserStorageLookup, locations: [CleanupLocation]) {
        self.users = users
        self.locations = locations
    }

    /// What a clean-up of `userID` would remove. `storageLabel` names the library folder of a user no longer in the
    /// database (Gallery removes the row once the files are gone, so a failed clean-up may leave them behind).
    public func plan(userID: String, storageLabel: String? = nil) async throws -> UserCleanupPlan {
        let unchecked = try UserFolders(userID: userID, storageLabel: storageLabel)
        let rows = try await users.users(namedBy: [unchecked.userID, unchecked.libraryName])
        let (folders, note) = try Self.folders(of: unchecked.userID, rows: rows, storageLabel: storageLabel)
        if let other = rows.first(where: { $0.id != folders.userID && ($0.id == folders.libraryName || $0.storageLabel == folders.libraryName) }) {
            throw UserCleanupRefusal("library/\(folders.libraryName) belongs to user \(other.id) too (its id or storage label): refusing to delete it")
        }
        var entries: [UserCleanupPlan.Entry] = []
        for location in locations {
            for folder in folders.all {
                let found = try await location.backend.inventory(location.key(folder))
                entries.append(.init(folder: folder, location: location, found: found))
            }
        }
        return UserCleanupPlan(folders: folders, note: note, entries: entries)
    }

    /// Deletes every folder the plan found non-empty, then counts each again: what is still there is reported
    /// (and makes `UserCleanupPlan.Outcome.complete` false), never taken as done.
    public func run(_ plan: UserCleanupPlan) async throws -> UserCleanupPlan.Outcome {
        var deleted = PrefixInventory()
        var left: [UserCleanupPlan.Entry] = []
        for entry in plan.entries where !entry.found.isEmpty {
            let key = entry.location.key(entry.folder)
            try await entry.location.backend.deletePrefix(key)
            let remaining = try await entry.location.backend.inventory(key)
            deleted = deleted + PrefixInventory(objects: entry.found.objects - remaining.objects,
                                                bytes: entry.found.bytes - remaining.bytes)
            if !remaining.isEmpty { left.append(.init(folder: entry.folder, location: entry.location, found: remaining)) }
        }
        return .init(deleted: deleted, left: left)
    }

    /// The folders of the user the rows describe, and a note when the user is no longer in the database.
    private static func folders(of id: String, rows: [UserStorageRecord], storageLabel: String?) throws
        -> (UserFolders, String?)
    {
        guard let user = rows.first(where: { $0.id == id }) else {
            let library = storageLabel.map { "library/\($0)" } ?? "library/\(id) (pass --storage-label if it had a label)"
            return (try UserFolders(userID: id, storageLabel: storageLabel),
                    "user \(id) is not in Gallery's database: its library folder is taken to be \(library)")
        }
        guard let deletedAt = user.deletedAt else {
            throw UserCleanupRefusal("user \(id) is not deleted in Gallery (\"user\".\"deletedAt\" is null): its assets still point at its files; delete the user in Gallery first")
        }
        if let storageLabel, storageLabel != user.storageLabel {
            throw UserCleanupRefusal("--storage-label \(storageLabel) differs from the database's storage label \(user.storageLabel.map { "\"\($0)\"" } ?? "(none)"): leave it out")
        }
        return (try UserFolders(userID: id, storageLabel: user.storageLabel),
                "user \(id) was deleted in Gallery on \(deletedAt.formatted(.iso8601))")
    }
}
