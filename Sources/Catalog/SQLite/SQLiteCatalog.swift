import Foundation
import GRDB

/// The embedded catalog: Gallery's tables (the fork's layout) in a SQLite file (WAL mode) inside the data directory.
public struct SQLiteCatalog: Catalog {
    let database: DatabasePool

    /// Opens (creating and migrating if needed) `catalog.sqlite` in `directory`.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        database = try DatabasePool(path: directory + "/catalog.sqlite", configuration: configuration)
        try SQLiteSchema.migrator().migrate(database)
    }

    public var health: CatalogHealth { .ready("sqlite") }

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
            let row = try Row.fetchOne(db, sql: """
                SELECT s.userId, (s.pinExpiresAt IS NOT NULL AND s.pinExpiresAt > ?) AS elevated
                FROM session s JOIN "user" u ON u.id = s.userId
                WHERE s.token = ? AND (s.expiresAt IS NULL OR s.expiresAt > ?) AND u.deletedAt IS NULL
                """, arguments: [now, Data(digest), now])
            return row.map { CatalogUser(id: $0["userId"], permissions: nil, elevated: $0["elevated"]) }
        }
    }

    public func sharedLink(key: [UInt8]) async throws -> SharedLinkRecord? {
        try await sharedLink(where: "l.key = ?", Data(key))
    }

    public func sharedLink(slug: String) async throws -> SharedLinkRecord? {
        try await sharedLink(where: "l.slug = ?", slug)
    }

    public func sharedLink(id: String) async throws -> SharedLinkRecord? {
        try await sharedLink(where: "l.id = ?", id.lowercased())
    }

    private func sharedLink(where condition: String, _ value: some DatabaseValueConvertible & Sendable)
        async throws -> SharedLinkRecord? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT l.*, (al.deletedAt IS NOT NULL) AS albumDeleted FROM shared_link l
                LEFT JOIN album al ON al.id = l.albumId WHERE \(condition)
                """, arguments: [value]) else { return nil }
            return SharedLinkRecord(
                id: row["id"], userID: row["userId"], type: SharedLinkType(rawValue: row["type"]) ?? .individual,
                albumID: row["albumId"], expiresAt: row["expiresAt"], allowDownload: row["allowDownload"],
                password: row["password"], slug: row["slug"], albumDeleted: row["albumDeleted"] ?? false)
        }
    }

    public func assets(ids: [String]) async throws -> [AssetRecord] {
        try await records(where: "a.id IN (\(Self.sql.idList(1)))", [try Self.jsonList(ids)])
    }

    public func downloadableAssetIDs(_ ids: [String], for subject: AccessSubject) async throws -> Set<String> {
        let condition: String
        var arguments: StatementArguments = [try Self.jsonList(ids)]
        switch subject {
        case .user(let id, let elevated):
            condition = Self.sql.userCondition(user: 2, elevated: 3)
            arguments += [id, elevated]
        case .sharedLink(let id):
            condition = Self.sql.linkCondition(link: 2)
            arguments += [id]
        }
        return try await database.read { [arguments] db in
            Set(try String.fetchAll(db, sql: """
                SELECT a.id FROM asset a WHERE a.id IN (\(Self.sql.idList(1))) AND (\(condition))
                """, arguments: arguments))
        }
    }

    public func canDownloadAlbum(_ albumID: String, for subject: AccessSubject) async throws -> Bool {
        let query: String
        let arguments: StatementArguments
        switch subject {
        case .user(let userID, _):
            (query, arguments) = (Self.sql.albumForUser(album: 1, user: 2), [albumID, userID])
        case .sharedLink(let linkID):
            (query, arguments) = (Self.sql.albumForLink(album: 1, link: 2), [albumID, linkID])
        }
        return try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (\(query))", arguments: arguments) ?? false
        }
    }

    public func albumAssets(_ albumID: String) async throws -> [AssetRecord] {
        try await records(where: #"a.id IN (SELECT aa."assetId" FROM album_asset aa WHERE aa."albumId" = ?1)"#, [albumID])
    }

    public func timelineAssets(ownerID: String) async throws -> [AssetRecord] {
        try await records(where: #"a."ownerId" = ?1 AND a.visibility IN ('timeline', 'archive')"#, [ownerID])
    }

    public func allAssets() async throws -> [AssetRecord] {
        try await records(where: "1 = 1", [])
    }

    static let sql = AccessSQL(dialect: .sqlite, albumOwnerColumn: true)

    /// Only the columns an AssetRecord holds, mapped row by row from a cursor, in one statement whatever the count.
    /// The rows are counted first (same transaction) so the array is allocated once at its size: grown by
    /// doubling, a timeline of 262,500 rows would hold a 29 MB and a 58 MB buffer at once.
    private func records(where condition: String, _ arguments: StatementArguments) async throws -> [AssetRecord] {
        try await database.read { db in
            var records: [AssetRecord] = []
            records.reserveCapacity(try Int.fetchOne(db, sql: """
                SELECT count(*) FROM asset a WHERE \(AccessSQL.present) AND \(condition)
                """, arguments: arguments) ?? 0)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(AccessSQL.assetColumns) FROM \(AccessSQL.assetSources)
                WHERE \(AccessSQL.present) AND \(condition)
                """, arguments: arguments)
            while let row = try rows.next() {
                records.append(AssetRecord(
                    id: try SQLiteAssetID.decode(row, 0), originalPath: row[1], originalFileName: row[2],
                    fileCreatedAt: row[3], fileModifiedAt: row[4], livePhotoVideoID: try SQLiteAssetID.decode(row, 5),
                    fileSizeInByte: row[6], editedPath: row[7]))
            }
            return records
        }
    }

    /// A list of ids as one JSON array argument, read back with `json_each`: one statement for any count, where
    /// `IN (?, ?, …)` would need a statement per 32,766 ids (SQLite's bound-parameter limit).
    static func jsonList(_ ids: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
    }
}
