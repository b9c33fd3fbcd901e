import Foundation
import GRDB

/// The embedded catalog: Gallery's tables in a SQLite file (WAL mode) inside the data directory.
public struct SQLiteCatalog: Catalog {
    /// SQLite's bound-parameter limit is far above this; chunks keep each statement small.
    static let chunkSize = 500

    let database: DatabasePool

    /// Opens (creating and migrating if needed) `catalog.sqlite` in `directory`.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        database = try DatabasePool(path: directory + "/catalog.sqlite", configuration: configuration)
        try CatalogSchema.migrator().migrate(database)
    }

    public func apiKeyOwner(digest: [UInt8]) async throws -> CatalogUser? {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT k.userId, k.permissions FROM api_key k JOIN "user" u ON u.id = k.userId
                WHERE k.key = ? AND u.deletedAt IS NULL
                """, arguments: [Data(digest)])
            guard let row else { return nil }
            let permissions = try JSONDecoder().decode([String].self, from: Data((row["permissions"] as String).utf8))
            return CatalogUser(id: row["userId"], permissions: Set(permissions))
        }
    }

    public func sessionUser(digest: [UInt8], now: Date) async throws -> CatalogUser? {
        try await database.read { db in
            let userID = try String.fetchOne(db, sql: """
                SELECT s.userId FROM session s JOIN "user" u ON u.id = s.userId
                WHERE s.token = ? AND (s.expiresAt IS NULL OR s.expiresAt > ?) AND u.deletedAt IS NULL
                """, arguments: [Data(digest), now])
            return userID.map { CatalogUser(id: $0, permissions: nil) }
        }
    }

    public func sharedLink(key: [UInt8]) async throws -> SharedLinkRecord? {
        try await sharedLink(where: "l.key = ?", Data(key))
    }

    public func sharedLink(slug: String) async throws -> SharedLinkRecord? {
        try await sharedLink(where: "l.slug = ?", slug)
    }

    private func sharedLink(where condition: String, _ value: some DatabaseValueConvertible & Sendable)
        async throws -> SharedLinkRecord? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT l.*, (al.deletedAt IS NOT NULL) AS albumDeleted FROM shared_link l
                LEFT JOIN album al ON al.id = l.albumId WHERE \(condition)
                """, arguments: [value]) else { return nil }
            return SharedLinkRecord(
                id: row["id"], userID: row["userId"], type: row["type"], albumID: row["albumId"],
                expiresAt: row["expiresAt"], allowDownload: row["allowDownload"], password: row["password"],
                slug: row["slug"], albumDeleted: row["albumDeleted"] ?? false)
        }
    }

    public func assets(ids: [String]) async throws -> [AssetRecord] {
        try await database.read { db in
            // Only the columns an AssetRecord holds, mapped row by row from a cursor: an album of 8,000 assets
            // would otherwise hold every column of every row as a copied GRDB Row at once.
            var records: [AssetRecord] = []
            records.reserveCapacity(ids.count)
            for chunk in Self.chunks(ids) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT a.id, a.ownerId, a.type, a.originalPath, a.originalFileName, a.fileCreatedAt,
                      a.fileModifiedAt, a.livePhotoVideoId, e.fileSizeInByte,
                      (SELECT f.path FROM asset_file f
                       WHERE f.assetId = a.id AND f.type = 'fullsize' AND f.isEdited = 1) AS editedPath
                    FROM asset a LEFT JOIN asset_exif e ON e.assetId = a.id
                    WHERE a.deletedAt IS NULL AND a.id IN \(Self.placeholders(chunk.count))
                    """, arguments: StatementArguments(chunk))
                while let row = try rows.next() { records.append(Self.asset(row)) }
            }
            return records
        }
    }

    public func downloadableAssetIDs(_ ids: [String], for subject: AccessSubject) async throws -> Set<String> {
        let (condition, subjectArguments) = AccessQueries.assetCondition(for: subject)
        return try await database.read { db in
            var allowed = Set<String>()
            for chunk in Self.chunks(ids) {
                let found = try String.fetchAll(db, sql: """
                    SELECT a.id FROM asset a WHERE a.id IN \(Self.placeholders(chunk.count)) AND (\(condition))
                    """, arguments: StatementArguments(chunk) + subjectArguments)
                allowed.formUnion(found)
            }
            return allowed
        }
    }

    public func canDownloadAlbum(_ albumID: String, for subject: AccessSubject) async throws -> Bool {
        try await database.read { db in
            switch subject {
            case .user(let userID):
                return try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM album al WHERE al.id = ? AND al.deletedAt IS NULL AND
                      (al.ownerId = ? OR EXISTS (SELECT 1 FROM album_user au
                                                 WHERE au.albumId = al.id AND au.userId = ?)))
                    """, arguments: [albumID, userID, userID]) ?? false
            case .sharedLink(let linkID):
                return try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM shared_link l JOIN album al ON al.id = l.albumId
                                   WHERE l.id = ? AND l.albumId = ? AND al.deletedAt IS NULL)
                    """, arguments: [linkID, albumID]) ?? false
            }
        }
    }

    public func albumAssetIDs(_ albumID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: """
                SELECT a.id FROM album_asset aa JOIN asset a ON a.id = aa.assetId
                WHERE aa.albumId = ? AND a.deletedAt IS NULL
                """, arguments: [albumID])
        }
    }

    public func timelineAssetIDs(ownerID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM asset WHERE ownerId = ? AND deletedAt IS NULL AND visibility IN ('timeline', 'archive')
                """, arguments: [ownerID])
        }
    }

    private static func asset(_ row: Row) -> AssetRecord {
        AssetRecord(
            id: row["id"], ownerID: row["ownerId"], type: row["type"], originalPath: row["originalPath"],
            originalFileName: row["originalFileName"], fileCreatedAt: row["fileCreatedAt"],
            fileModifiedAt: row["fileModifiedAt"], livePhotoVideoID: row["livePhotoVideoId"],
            fileSizeInByte: row["fileSizeInByte"], editedPath: row["editedPath"])
    }

    static func chunks(_ ids: [String]) -> [ArraySlice<String>] {
        stride(from: 0, to: ids.count, by: chunkSize).map { ids[$0..<min($0 + chunkSize, ids.count)] }
    }

    static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ",") + ")"
    }
}
