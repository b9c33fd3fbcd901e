import Foundation

/// What the storage commands ask of Gallery's `"user"` table: whose folders a name is. A user's library folder is
/// `library/<storageLabel or id>` (Immich's `StorageCore.getLibraryFolder`), so a clean-up must know the label, that
/// the user is deleted, and that no one else's id or label names the same folder.
public protocol UserStorageLookup: Sendable {
    /// The users (deleted or not) whose id or storage label is one of `names`.
    func users(namedBy names: [String]) async throws -> [UserStorageRecord]
}

/// A `"user"` row, as much of it as says where the user's files are and whether the user is gone.
public struct UserStorageRecord: Sendable, Equatable {
    /// The id in its canonical lowercase text form.
    public var id: String
    public var storageLabel: String?
    /// Set when the user was deleted in Gallery (their files wait for removal).
    public var deletedAt: Date?

    public init(id: String, storageLabel: String?, deletedAt: Date?) {
        self.id = id
        self.storageLabel = storageLabel
        self.deletedAt = deletedAt
    }
}
