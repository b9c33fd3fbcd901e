import Foundation
import NIOCore
import PostgresNIO

/// The catalog's queries for one layout of Gallery's tables, with their parameters bound. Uuids travel as text
/// and are cast in SQL; lists of ids as one `uuid[]` parameter (one statement for any count).
struct PostgresQueries: Sendable {
    let layout: GalleryLayout
    let sql: AccessSQL

    init(layout: GalleryLayout) {
        self.layout = layout
        sql = AccessSQL(dialect: .postgres, albumOwnerColumn: layout.albumOwnerColumn)
    }

    func apiKeyOwner(digest: [UInt8]) -> PostgresQuery {
        query("""
            SELECT k."userId"::text, k.permissions::text[] FROM api_key k JOIN "user" u ON u.id = k."userId"
            WHERE k.key = $1 AND u."deletedAt" IS NULL
            """, digestBind(digest))
    }

    func sessionUser(digest: [UInt8], now: Date) -> PostgresQuery {
        query("""
            SELECT s."userId"::text, coalesce(s."pinExpiresAt" > $2, false)
            FROM session s JOIN "user" u ON u.id = s."userId"
            WHERE s.token = $1 AND (s."expiresAt" IS NULL OR s."expiresAt" > $2) AND u."deletedAt" IS NULL
            """, digestBind(digest), { $0.append(now) })
    }

    func sharedLink(key: [UInt8]) -> PostgresQuery {
        sharedLink(where: "l.key = $1", { $0.append(ByteBuffer(bytes: key)) })
    }

    func sharedLink(slug: String) -> PostgresQuery {
        sharedLink(where: "l.slug = $1", { $0.append(slug) })
    }

    func sharedLink(id: UUID) -> PostgresQuery {
        sharedLink(where: "l.id = $1", { $0.append(id) })
    }

    private func sharedLink(where condition: String, _ bind: @escaping (inout PostgresBindings) -> Void) -> PostgresQuery {
        query("""
            SELECT l.id::text, l."userId"::text, l.type, l."albumId"::text, l."expiresAt", l."allowDownload",
              l.password, l.slug, coalesce(al."deletedAt" IS NOT NULL, false)
            FROM shared_link l LEFT JOIN album al ON al.id = l."albumId" WHERE \(condition)
            """, bind)
    }

    func assets(ids: [String]) -> PostgresQuery {
        assets(where: "a.id IN (\(sql.idList(1)))", { $0.append(ids) }).rows
    }

    /// The album's assets, and a query counting them (to size the result before it arrives).
    func albumAssets(_ albumID: String) -> (rows: PostgresQuery, count: PostgresQuery) {
        assets(where: #"a.id IN (SELECT aa."assetId" FROM album_asset aa WHERE aa."albumId" = $1::uuid)"#,
               { $0.append(albumID) })
    }

    /// The user's timeline, and a query counting it.
    func timelineAssets(ownerID: String) -> (rows: PostgresQuery, count: PostgresQuery) {
        assets(where: #"a."ownerId" = $1::uuid AND a.visibility IN ('timeline', 'archive')"#, { $0.append(ownerID) })
    }

    /// Every asset, and a query counting them.
    func allAssets() -> (rows: PostgresQuery, count: PostgresQuery) {
        assets(where: "true", { _ in })
    }

    func downloadable(ids: [String], for subject: AccessSubject) -> PostgresQuery {
        let select = "SELECT a.id::text FROM asset a WHERE a.id IN (\(sql.idList(1))) AND "
        switch subject {
        case .user(let id, let elevated):
            return query(select + "(\(sql.userCondition(user: 2, elevated: 3)))",
                         { $0.append(ids) }, { $0.append(id) }, { $0.append(elevated) })
        case .sharedLink(let id):
            return query(select + "(\(sql.linkCondition(link: 2)))", { $0.append(ids) }, { $0.append(id) })
        }
    }

    func albumAccess(_ albumID: String, for subject: AccessSubject) -> PostgresQuery {
        switch subject {
        case .user(let id, _):
            return query("SELECT EXISTS (\(sql.albumForUser(album: 1, user: 2)))", { $0.append(albumID) }, { $0.append(id) })
        case .sharedLink(let id):
            return query("SELECT EXISTS (\(sql.albumForLink(album: 1, link: 2)))", { $0.append(albumID) }, { $0.append(id) })
        }
    }

    private func assets(where condition: String, _ bind: @escaping (inout PostgresBindings) -> Void)
        -> (rows: PostgresQuery, count: PostgresQuery) {
        (query("""
            SELECT \(AccessSQL.assetColumns) FROM \(AccessSQL.assetSources) WHERE \(AccessSQL.present) AND \(condition)
            """, bind),
         query("SELECT count(*) FROM asset a WHERE \(AccessSQL.present) AND \(condition)", bind))
    }

    /// `api_key.key` / `session.token`: the raw digest (bytea), or its base64 text (Immich through v2.5).
    private func digestBind(_ digest: [UInt8]) -> (inout PostgresBindings) -> Void {
        switch layout.digests {
        case .bytea: return { $0.append(ByteBuffer(bytes: digest)) }
        case .base64Text: return { $0.append(Data(digest).base64EncodedString()) }
        }
    }

    private func query(_ sql: String, _ binds: ((inout PostgresBindings) -> Void)...) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind(&bindings) }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
