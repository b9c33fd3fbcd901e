import Logging
import PostgresNIO

/// Which of the layouts of Gallery's tables a database has, detected once at start-up from
/// `information_schema.columns` (GALLERY-SCHEMA.md, "Older layouts still in the field"). The two differences that
/// change our queries vary independently: Immich v2.6 moved token digests to bytea while albums still had an
/// `ownerId`; v3 moved ownership to an `album_user` row with role 'owner'.
public struct GalleryLayout: Sendable, Equatable, CustomStringConvertible {
    /// How `api_key.key` and `session.token` hold the SHA-256 digest of the secret.
    public enum DigestColumns: Sendable, Equatable {
        /// varchar holding base64 of the digest (Immich through v2.5, the Gallery fork).
        case base64Text
        /// the raw 32 bytes (Immich v2.6 and later).
        case bytea
    }

    public var digests: DigestColumns
    /// `album."ownerId"` exists (Immich v2.x, the fork); without it the owner is the `album_user` row with role 'owner'.
    public var albumOwnerColumn: Bool
    /// Stored files outside `asset` and `asset_file` that `storage migrate` moves where the columns exist (Immich has
    /// both; the 12-table test layouts lack them): `person."thumbnailPath"` and `"user"."profileImagePath"`.
    public var personThumbnails = false
    public var userProfileImages = false
    /// `asset."checksumAlgorithm"` exists (v3): 'sha1' marks a checksum of the bytes, 'sha1-path' one of the path.
    public var checksumAlgorithmColumn = false
    /// The fork's `storage_migration_log` table exists: `storage migrate` records its moves there too.
    public var forkMigrationLog = false

    public var description: String {
        let owner = albumOwnerColumn ? #"album."ownerId""# : "album_user role 'owner'"
        let digests = self.digests == .bytea ? "bytea token digests" : "base64 token digests"
        let release = switch (albumOwnerColumn, self.digests) {
        case (true, .base64Text): "Gallery fork / Immich v2.3-v2.5"
        case (true, .bytea): "Immich v2.6+"
        case (false, _): "Immich v3"
        }
        return "\(release) layout (\(owner), \(digests))"
    }

    /// The oldest release whose tables we read; named in every refusal.
    public static let oldestSupported = "Immich v2.3.0 (or the Gallery fork v4)"

    /// Every table and column the catalog reads.
    static let required: [String: [String]] = [
        "user": ["id", "deletedAt"],
        "api_key": ["key", "userId", "permissions"],
        "session": ["token", "userId", "expiresAt", "pinExpiresAt"],
        "asset": ["id", "ownerId", "type", "originalPath", "originalFileName", "fileCreatedAt", "fileModifiedAt",
                  "livePhotoVideoId", "deletedAt", "status", "visibility"],
        "asset_exif": ["assetId", "fileSizeInByte"],
        "asset_file": ["assetId", "type", "path", "isEdited"],
        "album": ["id", "albumName", "deletedAt"],
        "album_asset": ["albumId", "assetId"],
        "album_user": ["albumId", "userId", "role"],
        "partner": ["sharedById", "sharedWithId"],
        "shared_link": ["id", "userId", "key", "type", "albumId", "expiresAt", "allowDownload", "password", "slug"],
        "shared_link_asset": ["assetId", "sharedLinkId"],
    ]

    /// The layout of the tables whose columns are `columns` (table → column → `information_schema` data_type);
    /// throws `UnsupportedLayout` naming the first missing table or column.
    public static func detect(columns: [String: [String: String]]) throws -> GalleryLayout {
        for table in required.keys.sorted() {
            guard let found = columns[table] else {
                throw UnsupportedLayout(reason: "table \"\(table)\" is missing")
            }
            if let missing = required[table]!.first(where: { found[$0] == nil }) {
                throw UnsupportedLayout(reason: "column \"\(table)\".\"\(missing)\" is missing")
            }
        }
        let keyType = columns["api_key"]!["key"]!
        let tokenType = columns["session"]!["token"]!
        guard let digests = digestColumns(keyType), digestColumns(tokenType) == digests else {
            throw UnsupportedLayout(reason:
                "api_key.key (\(keyType)) and session.token (\(tokenType)) must both be bytea or both character varying")
        }
        var layout = GalleryLayout(digests: digests, albumOwnerColumn: columns["album"]!["ownerId"] != nil)
        layout.checksumAlgorithmColumn = columns["asset"]!["checksumAlgorithm"] != nil
        layout.personThumbnails = columns["person"]?["thumbnailPath"] != nil
        layout.userProfileImages = columns["user"]?["profileImagePath"] != nil
        layout.forkMigrationLog = columns["storage_migration_log"].map { log in
            ["entityType", "entityId", "fileType", "oldPath", "newPath", "direction", "batchId"].allSatisfy { log[$0] != nil }
        } ?? false
        return layout
    }

    /// table → column → data_type of the tables in the search path's first schema (Gallery's `public`).
    public static func columns(of connection: PostgresConnection, logger: Logger) async throws
        -> [String: [String: String]] {
        var columns: [String: [String: String]] = [:]
        let rows = try await connection.query("""
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema()
            """, logger: logger)
        for try await (table, column, type) in rows.decode((String, String, String).self) {
            columns[table, default: [:]][column] = type
        }
        return columns
    }

    private static func digestColumns(_ dataType: String) -> DigestColumns? {
        switch dataType {
        case "bytea": return .bytea
        case "character varying", "text": return .base64Text
        default: return nil
        }
    }
}

/// Gallery's database is of a release whose tables we cannot read.
public struct UnsupportedLayout: Error, CustomStringConvertible, Equatable {
    public let reason: String
    public var description: String {
        "Gallery's database cannot be read: \(reason). gallery-archive reads \(GalleryLayout.oldestSupported) or later."
    }
}
