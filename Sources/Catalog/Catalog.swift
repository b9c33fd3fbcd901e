import Foundation

/// What the service asks of Gallery's database. `SQLiteCatalog` is the embedded default (demo, trials);
/// `PostgresCatalog` reads a real Gallery database, read-only. Access rules live in the catalog as queries because
/// that is where Gallery evaluates them (`access.repository.ts`): a constant number of queries per request, never
/// one per asset.
public protocol Catalog: CRCCache, DownloadLinkStore {
    /// Whether the catalog can answer now, for `/health`.
    var health: CatalogHealth { get }
    /// The user owning the API key whose SHA-256 digest is `digest`, with the key's permissions.
    func apiKeyOwner(digest: [UInt8]) async throws -> CatalogUser?
    /// The user of the unexpired session whose token digest is `digest`; `elevated` when its PIN unlock is current.
    func sessionUser(digest: [UInt8], now: Date) async throws -> CatalogUser?
    /// The shared link with this raw key.
    func sharedLink(key: [UInt8]) async throws -> SharedLinkRecord?
    /// The shared link with this slug.
    func sharedLink(slug: String) async throws -> SharedLinkRecord?
    /// The shared link with this id (a download link made by a link's visitor is checked against it again).
    func sharedLink(id: String) async throws -> SharedLinkRecord?
    /// The assets among `ids` that exist and are not trashed, in no particular order.
    func assets(ids: [String]) async throws -> [AssetRecord]
    /// The subset of `ids` the subject may download (owner, album owner/member, partner, or shared link).
    func downloadableAssetIDs(_ ids: [String], for subject: AccessSubject) async throws -> Set<String>
    /// Whether the subject may download the whole album (its owner or member, or a link to that album).
    func canDownloadAlbum(_ albumID: String, for subject: AccessSubject) async throws -> Bool
    /// The album's name (`albumName`), nil when there is no such album.
    func albumName(_ albumID: String) async throws -> String?
    /// The assets an individual shared link lists (`shared_link_asset`), in no particular order.
    func sharedLinkAssetIDs(_ linkID: String) async throws -> [String]
    /// The album's assets that are not trashed, in no particular order.
    func albumAssets(_ albumID: String) async throws -> [AssetRecord]
    /// The user's own timeline (timeline and archive visibility, not trashed), in no particular order.
    func timelineAssets(ownerID: String) async throws -> [AssetRecord]
    /// Every asset that is not trashed, of every user (the operator's `crc warm --all`).
    func allAssets() async throws -> [AssetRecord]
}

/// Who asks, as the access queries see it.
public enum AccessSubject: Sendable, Equatable {
    /// A signed-in user; `elevated` (a PIN-unlocked session) also sees the user's own locked assets.
    case user(id: String, elevated: Bool)
    case sharedLink(id: String)
}

/// A signed-in user. `permissions` is nil for a session (sessions carry every permission).
public struct CatalogUser: Sendable, Equatable {
    public var id: String
    public var permissions: Set<String>?
    /// A session whose PIN unlock (`session.pinExpiresAt`) is still current: it may see locked assets.
    public var elevated: Bool

    public init(id: String, permissions: Set<String>?, elevated: Bool = false) {
        self.id = id
        self.permissions = permissions
        self.elevated = elevated
    }

    /// Whether the credential grants `permission` ('all' grants everything, as in Gallery's `Permission` enum).
    public func allows(_ permission: Permission) -> Bool {
        guard let permissions else { return true }
        return permissions.contains(Permission.all.rawValue) || permissions.contains(permission.rawValue)
    }
}

/// A `shared_link` row, with whether its album is deleted.
public struct SharedLinkRecord: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var type: SharedLinkType
    public var albumID: String?
    public var expiresAt: Date?
    public var allowDownload: Bool
    /// Gallery stores link passwords in plaintext and compares with `!==` (GALLERY-SCHEMA.md).
    public var password: String?
    public var slug: String?
    public var albumDeleted: Bool

    public init(id: String, userID: String, type: SharedLinkType, albumID: String?, expiresAt: Date?,
                allowDownload: Bool, password: String?, slug: String?, albumDeleted: Bool) {
        self.id = id
        self.userID = userID
        self.type = type
        self.albumID = albumID
        self.expiresAt = expiresAt
        self.allowDownload = allowDownload
        self.password = password
        self.slug = slug
        self.albumDeleted = albumDeleted
    }
}

/// An `asset` row with what a download needs from `asset_exif` and `asset_file`. Ids are 16-byte values, not
/// text: a timeline holds a quarter of a million of these, and a 36-character string is an 80-byte allocation.
/// The fields are in this order so the record packs into 112 bytes (a `UUID?` is 17 bytes, aligned to 1).
public struct AssetRecord: Sendable, Equatable {
    public var id: UUID
    public var originalPath: String
    public var originalFileName: String
    public var fileCreatedAt: Date
    public var fileModifiedAt: Date
    /// The edited full-size file (`asset_file` type 'fullsize', isEdited), asked for by `edited: true`.
    public var editedPath: String?
    /// `asset_exif.fileSizeInByte`; nil when unknown (then the backend's size is used).
    public var fileSizeInByte: Int64?
    public var livePhotoVideoID: UUID?

    public init(id: UUID, originalPath: String, originalFileName: String,
                fileCreatedAt: Date, fileModifiedAt: Date, livePhotoVideoID: UUID?, fileSizeInByte: Int64?,
                editedPath: String?) {
        self.id = id
        self.originalPath = originalPath
        self.originalFileName = originalFileName
        self.fileCreatedAt = fileCreatedAt
        self.fileModifiedAt = fileModifiedAt
        self.livePhotoVideoID = livePhotoVideoID
        self.fileSizeInByte = fileSizeInByte
        self.editedPath = editedPath
    }
}

/// What `/health` says of the catalog.
public enum CatalogHealth: Sendable, Equatable {
    case ready(String)
    case down(String)
}

/// The catalog cannot answer now (the database is unreachable or not yet checked): a 503, retried by the client.
public struct CatalogUnavailable: Error, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "the catalog database is unavailable: \(reason)" }
}
