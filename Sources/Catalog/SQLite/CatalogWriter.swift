import Backends
import Foundation
import GRDB

extension SQLiteCatalog {
    /// Runs `body` in one write transaction; the demo and the tests seed the catalog through it.
    public func write<Value: Sendable>(_ body: @escaping @Sendable (CatalogWriter) throws -> Value) async throws -> Value {
        try await database.write { db in try body(CatalogWriter(db: db)) }
    }
}

/// Inserts Gallery rows, storing secrets the way Gallery does (SHA-256 digests of API keys and session tokens,
/// raw link keys, plaintext link passwords), so the same rows in a real Gallery database would work the same.
public struct CatalogWriter {
    let db: Database

    public func user(id: String, email: String, name: String, deletedAt: Date? = nil, storageLabel: String? = nil) throws {
        try db.execute(sql: #"INSERT INTO "user" (id, email, name, deletedAt, storageLabel) VALUES (?, ?, ?, ?, ?)"#,
                       arguments: [id, email, name, deletedAt, storageLabel])
    }

    /// An API key whose plaintext is `secret` (the catalog keeps only its SHA-256).
    public func apiKey(id: String, userID: String, secret: String, permissions: [String] = ["all"]) throws {
        let json = String(decoding: try JSONEncoder().encode(permissions), as: UTF8.self)
        try db.execute(sql: "INSERT INTO api_key (id, name, key, userId, permissions) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, "key \(id.prefix(8))", Data(GallerySecrets.tokenDigest(secret)), userID, json])
    }

    /// A session whose token is `secret` (the catalog keeps only its SHA-256).
    /// `pinExpiresAt` in the future makes it a PIN-elevated session, which sees its user's locked assets.
    public func session(id: String, userID: String, secret: String, expiresAt: Date? = nil,
                        pinExpiresAt: Date? = nil) throws {
        try db.execute(sql: "INSERT INTO session (id, token, userId, expiresAt, pinExpiresAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, Data(GallerySecrets.tokenDigest(secret)), userID, expiresAt, pinExpiresAt])
    }

    /// An asset and its `asset_exif` row (`fileSizeInByte`).
    public func asset(_ asset: NewAsset) throws {
        try db.execute(sql: """
            INSERT INTO asset (id, ownerId, type, originalPath, originalFileName, checksum, fileCreatedAt,
              fileModifiedAt, localDateTime, deletedAt, status, visibility, livePhotoVideoId)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                asset.id, asset.ownerID, asset.type, asset.originalPath, asset.originalFileName,
                Data(try asset.checksum ?? Self.checksum(asset)), asset.fileCreatedAt, asset.fileModifiedAt,
                asset.fileCreatedAt, asset.deletedAt, asset.deletedAt == nil ? "active" : "trashed",
                asset.visibility.rawValue, asset.livePhotoVideoID,
            ])
        try db.execute(sql: "INSERT INTO asset_exif (assetId, fileSizeInByte) VALUES (?, ?)",
                       arguments: [asset.id, asset.fileSizeInByte])
    }

    /// Gallery's `asset.checksum` of an upload, the SHA-1 of its bytes, when the original is a file on disk; for a
    /// row whose file is elsewhere or not (yet) there, 20 bytes of a digest of its id, which no content hashes to.
    static func checksum(_ asset: NewAsset) throws -> [UInt8] {
        guard asset.originalPath.hasPrefix("/"), let sha1 = try Digests.sha1(ofFileAt: asset.originalPath) else {
            return Array(GallerySecrets.digest(asset.id).prefix(20))
        }
        return sha1
    }

    /// The edited full-size file of an asset (`asset_file` type 'fullsize', isEdited).
    public func editedFile(id: String, assetID: String, path: String) throws {
        try db.execute(sql: "INSERT INTO asset_file (id, assetId, type, path, isEdited) VALUES (?, ?, 'fullsize', ?, 1)",
                       arguments: [id, assetID, path])
        try db.execute(sql: "UPDATE asset SET isEdited = 1 WHERE id = ?", arguments: [assetID])
    }

    /// The asset's XMP sidecar (`asset_file` type 'sidecar').
    public func sidecarFile(id: String, assetID: String, path: String) throws {
        try db.execute(sql: "INSERT INTO asset_file (id, assetId, type, path, isEdited) VALUES (?, ?, 'sidecar', ?, 0)",
                       arguments: [id, assetID, path])
    }

    public func album(id: String, ownerID: String, name: String, assetIDs: [String], deletedAt: Date? = nil) throws {
        try db.execute(sql: "INSERT INTO album (id, ownerId, albumName, deletedAt) VALUES (?, ?, ?, ?)",
                       arguments: [id, ownerID, name, deletedAt])
        try addToAlbum(albumID: id, assetIDs: assetIDs)
    }

    public func addToAlbum(albumID: String, assetIDs: [String]) throws {
        for assetID in assetIDs {
            try db.execute(sql: "INSERT INTO album_asset (albumId, assetId) VALUES (?, ?)", arguments: [albumID, assetID])
        }
    }

    public func albumMember(albumID: String, userID: String, role: String = "viewer") throws {
        try db.execute(sql: "INSERT INTO album_user (albumId, userId, role) VALUES (?, ?, ?)",
                       arguments: [albumID, userID, role])
    }

    /// `sharedByID` shares their library with `sharedWithID`.
    public func partner(sharedByID: String, sharedWithID: String) throws {
        try db.execute(sql: "INSERT INTO partner (sharedById, sharedWithId) VALUES (?, ?)",
                       arguments: [sharedByID, sharedWithID])
    }

    /// A shared link; INDIVIDUAL links list their assets in `shared_link_asset`.
    public func sharedLink(_ link: NewSharedLink) throws {
        try db.execute(sql: """
            INSERT INTO shared_link (id, userId, key, type, albumId, expiresAt, allowDownload, password, slug)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                link.id, link.userID, Data(link.key), link.albumID == nil ? "INDIVIDUAL" : "ALBUM", link.albumID,
                link.expiresAt, link.allowDownload, link.password, link.slug,
            ])
        for assetID in link.assetIDs {
            try db.execute(sql: "INSERT INTO shared_link_asset (assetId, sharedLinkId) VALUES (?, ?)",
                           arguments: [assetID, link.id])
        }
    }
}

/// The columns of a new asset that downloads care about.
public struct NewAsset: Sendable {
    public var id: String
    public var ownerID: String
    public var type: String
    public var originalPath: String
    public var originalFileName: String
    public var fileCreatedAt: Date
    public var fileModifiedAt: Date
    public var fileSizeInByte: Int64?
    public var livePhotoVideoID: String?
    public var visibility: AssetVisibility
    public var deletedAt: Date?
    /// The SHA-1 of the original's bytes (`asset.checksum`); nil: the writer hashes the file when it is on disk.
    public var checksum: [UInt8]?

    public init(id: String, ownerID: String, type: String = "IMAGE", originalPath: String, originalFileName: String,
                fileCreatedAt: Date, fileModifiedAt: Date? = nil, fileSizeInByte: Int64?,
                livePhotoVideoID: String? = nil, visibility: AssetVisibility = .timeline, deletedAt: Date? = nil,
                checksum: [UInt8]? = nil) {
        self.id = id
        self.ownerID = ownerID
        self.type = type
        self.originalPath = originalPath
        self.originalFileName = originalFileName
        self.fileCreatedAt = fileCreatedAt
        self.fileModifiedAt = fileModifiedAt ?? fileCreatedAt
        self.fileSizeInByte = fileSizeInByte
        self.livePhotoVideoID = livePhotoVideoID
        self.visibility = visibility
        self.deletedAt = deletedAt
        self.checksum = checksum
    }
}

/// A new shared link: an ALBUM link when `albumID` is set, else an INDIVIDUAL link over `assetIDs`.
public struct NewSharedLink: Sendable {
    public var id: String
    public var userID: String
    /// The raw key (Gallery: 50 random bytes); clients send its base64url form.
    public var key: [UInt8]
    public var albumID: String?
    public var assetIDs: [String]
    public var expiresAt: Date?
    public var allowDownload: Bool
    public var password: String?
    public var slug: String?

    public init(id: String, userID: String, key: [UInt8], albumID: String? = nil, assetIDs: [String] = [],
                expiresAt: Date? = nil, allowDownload: Bool = true, password: String? = nil, slug: String? = nil) {
        self.id = id
        self.userID = userID
        self.key = key
        self.albumID = albumID
        self.assetIDs = assetIDs
        self.expiresAt = expiresAt
        self.allowDownload = allowDownload
        self.password = password
        self.slug = slug
    }

    /// The key as clients send it (`?key=`).
    public var urlKey: String { GallerySecrets.encodeLinkKey(key) }
}
