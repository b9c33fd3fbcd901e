import Foundation

/// What the service asks of Gallery's database. The SQLite catalog (`SQLiteCatalog`) is the embedded default; a
/// PostgreSQL catalog reading a real Gallery database implements the same questions. Access rules live in the
/// catalog as queries because that is where Gallery evaluates them (`access.repository.ts`), one query per request,
/// never one per asset.
public protocol Catalog: Sendable {
    /// The user owning the API key whose SHA-256 digest is `digest`, with the key's permissions.
    func apiKeyOwner(digest: [UInt8]) async throws -> CatalogUser?
    /// The user of the unexpired session whose token digest is `digest`.
    func sessionUser(digest: [UInt8], now: Date) async throws -> CatalogUser?
    /// The shared link with this raw key.
    func sharedLink(key: [UInt8]) async throws -> SharedLinkRecord?
    /// The shared link with this slug.
    func sharedLink(slug: String) async throws -> SharedLinkRecord?
    /// The assets among `ids` that exist and are not deleted, in no particular order.
    func assets(ids: [String]) async throws -> [AssetRecord]
    /// The subset of `ids` the subject may download (owner, album owner/member, partner, or shared link).
    func downloadableAssetIDs(_ ids: [String], for subject: AccessSubject) async throws -> Set<String>
    /// Whether the subject may download the whole album (its owner or member, or a link to that album).
    func canDownloadAlbum(_ albumID: String, for subject: AccessSubject) async throws -> Bool
    /// The ids of the album's assets that are not deleted.
    func albumAssetIDs(_ albumID: String) async throws -> [String]
    /// The ids of the user's own timeline assets (not deleted, not locked, not hidden).
    func timelineAssetIDs(ownerID: String) async throws -> [String]
}

/// Who asks, as the access queries see it.
public enum AccessSubject: Sendable, Equatable {
    case user(id: String)
    case sharedLink(id: String)
}

/// A signed-in user. `permissions` is nil for a session (sessions carry every permission).
public struct CatalogUser: Sendable, Equatable {
    public var id: String
    public var permissions: Set<String>?

    public init(id: String, permissions: Set<String>?) {
        self.id = id
        self.permissions = permissions
    }

    /// Whether the credential grants `permission` ('all' grants everything, as in Gallery's `Permission` enum).
    public func allows(_ permission: String) -> Bool {
        guard let permissions else { return true }
        return permissions.contains("all") || permissions.contains(permission)
    }
}

/// A `shared_link` row, with whether its album is deleted.
public struct SharedLinkRecord: Sendable, Equatable {
    public var id: String
    public var userID: String
    /// 'ALBUM' or 'INDIVIDUAL'.
    public var type: String
    public var albumID: String?
    public var expiresAt: Date?
    public var allowDownload: Bool
    /// Gallery stores link passwords in plaintext and compares with `!==` (GALLERY-SCHEMA.md).
    public var password: String?
    public var slug: String?
    public var albumDeleted: Bool
}

/// An `asset` row with what a download needs from `asset_exif` and `asset_file`.
public struct AssetRecord: Sendable, Equatable {
    public var id: String
    public var ownerID: String
    public var type: String
    public var originalPath: String
    public var originalFileName: String
    public var fileCreatedAt: Date
    public var fileModifiedAt: Date
    public var livePhotoVideoID: String?
    /// `asset_exif.fileSizeInByte`; nil when unknown (then the backend's size is used).
    public var fileSizeInByte: Int64?
    /// The edited full-size file (`asset_file` type 'fullsize', isEdited), asked for by `edited: true`.
    public var editedPath: String?
}
