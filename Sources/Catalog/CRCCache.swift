import Foundation

/// The CRC-32s of stored files, kept by the catalog in our own table (never Gallery's) so every replica shares them
/// and they survive a restart. A known CRC lets an archive put it in the local header (no data descriptor), which
/// fixes every byte of the archive before the first is sent: what `Range` and resumed downloads need.
public protocol CRCCache: Sendable {
    /// The CRC-32s known for `files`; files without one are absent from the answer.
    func crc32s(of files: [StoredFileIdentity]) async throws -> [StoredFileIdentity: UInt32]
    /// Records CRC-32s computed from the files' bytes (a later answer for the same identity replaces the earlier).
    func remember(_ crc32s: [StoredFileIdentity: UInt32]) async throws
}

/// What names one version of a stored file's bytes: the asset, the path or key it is read from, its size, and the
/// storage's tag for this version (S3 ETag; disk inode, size and modification time). A file rewritten in place gets
/// a new tag, so a stale CRC is never found for it.
public struct StoredFileIdentity: Hashable, Sendable {
    public var assetID: UUID
    public var path: String
    public var size: UInt64
    public var tag: String

    public init(assetID: UUID, path: String, size: UInt64, tag: String) {
        self.assetID = assetID
        self.path = path
        self.size = size
        self.tag = tag
    }
}
