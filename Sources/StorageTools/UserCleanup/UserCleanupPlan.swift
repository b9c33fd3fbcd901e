import Backends

/// What `UserStorageCleanup.plan` found: each folder of the user in each place, with what it holds.
public struct UserCleanupPlan: Sendable {
    public let folders: UserFolders
    /// Where the folders' names came from (the user's deletion date, or that the row is gone).
    public let note: String?
    public let entries: [Entry]

    public struct Entry: Sendable {
        public let folder: String
        public let location: CleanupLocation
        public let found: PrefixInventory
    }

    /// Everything the plan would delete.
    public var total: PrefixInventory { entries.map(\.found).reduce(PrefixInventory(), +) }

    /// What a run deleted, and what it found still there afterwards.
    public struct Outcome: Sendable {
        public let deleted: PrefixInventory
        public let left: [Entry]

        public var complete: Bool { left.isEmpty }
    }
}
