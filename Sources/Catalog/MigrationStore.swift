import Foundation

/// What `storage migrate` reads and writes. It is the one command that writes Gallery's paths (as the fork's own
/// migration tool is): each move is an optimistic `UPDATE … WHERE path = old`, so a path someone changed meanwhile
/// is left alone. Its log lives in our own table, so a killed run resumes, a finished one moves nothing twice, and a
/// batch can be rolled back.
public protocol MigrationStore: Sendable {
    /// Every stored file the catalog points to: originals, then `asset_file` rows (edited, sidecar, previews, …), then
    /// people's thumbnails and users' profile images where the database has those columns. Empty paths are left out.
    func storedFiles() async throws -> [StoredFileReference]
    /// Points `file` at `new` if it still points at `old`; false when the row moved on meanwhile.
    func movePath(of file: StoredFileReference, from old: String, to new: String) async throws -> Bool
    /// Appends a step of a move to the log.
    func logMigration(_ entry: MigrationLogEntry) async throws
    /// The log, oldest first (of one batch, or of all).
    func migrationLog(batch: String?) async throws -> [MigrationLogEntry]
}

/// One path column of one row: an asset's `originalPath`, an `asset_file` row's `path`, a person's thumbnail or a
/// user's profile image.
public struct StoredFileReference: Sendable, Hashable, Codable {
    public enum Column: String, Sendable, Codable {
        case assetOriginal = "asset.originalPath"
        case assetFile = "asset_file.path"
        case personThumbnail = "person.thumbnailPath"
        case userProfileImage = "user.profileImagePath"
    }

    public var column: Column
    /// The id of the row holding the path: the asset's, the `asset_file` row's, the person's or the user's.
    public var rowID: String
    /// The asset the file belongs to; for a person's thumbnail or a user's profile image, that row's own id.
    public var assetID: String
    public var path: String
    /// Gallery's SHA-1 of the file's bytes (`asset.checksum` of an upload); nil for derived files and for assets
    /// whose checksum is of something else (an external library's `sha1-path`).
    public var contentSHA1: [UInt8]?

    public init(column: Column, rowID: String, assetID: String, path: String, contentSHA1: [UInt8]? = nil) {
        self.column = column
        self.rowID = rowID
        self.assetID = assetID
        self.path = path
        self.contentSHA1 = contentSHA1
    }
}

/// One step of one file's move, as the log keeps it.
public struct MigrationLogEntry: Sendable, Equatable {
    public enum Step: String, Sendable {
        /// The bytes are at `newPath` and read back equal; the catalog still points at `oldPath`.
        case copied
        /// The catalog points at `newPath`.
        case moved
        /// The row had moved on; nothing was changed.
        case conflict
        /// The file at `oldPath` was deleted (`--delete-source`).
        case sourceDeleted = "source-deleted"
        /// The catalog points at `oldPath` again (rollback), the bytes restored there first if they had been deleted.
        case rolledBack = "rolled-back"
    }

    public var batch: String
    public var column: StoredFileReference.Column
    public var rowID: String
    public var oldPath: String
    public var newPath: String
    public var step: Step
    public var bytes: Int64
    public var at: Date

    public init(batch: String, column: StoredFileReference.Column, rowID: String, oldPath: String, newPath: String,
                step: Step, bytes: Int64, at: Date = Date()) {
        self.batch = batch
        self.column = column
        self.rowID = rowID
        self.oldPath = oldPath
        self.newPath = newPath
        self.step = step
        self.bytes = bytes
        self.at = at
    }
}
