import Foundation
import GRDB

extension SQLiteCatalog {
    public func saveDownloadLink(_ link: DownloadLinkRecord) async throws {
        let (userID, sharedLinkID) = link.subject.columns
        let ids = try Self.jsonList(link.assetIDs)
        try await database.write { db in
            // Links a week past their expiry answer "not found" rather than "expired" from then on.
            try db.execute(sql: "DELETE FROM gallery_archive_download_link WHERE expiresAt < ?",
                           arguments: [Date(timeIntervalSinceNow: -7 * 86_400)])
            try db.execute(sql: """
                INSERT INTO gallery_archive_download_link
                  (digest, userId, sharedLinkId, assetIds, edited, archiveName, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(link.digest), userID, sharedLinkID, ids, link.edited, link.archiveName,
                                 link.expiresAt])
        }
    }

    public func downloadLink(digest: [UInt8]) async throws -> DownloadLinkRecord? {
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM gallery_archive_download_link WHERE digest = ?",
                             arguments: [Data(digest)])
        }
        guard let row else { return nil }
        let ids = try JSONDecoder().decode([String].self, from: Data((row["assetIds"] as String).utf8))
        let subject: AccessSubject = if let user = row["userId"] as String? {
            .user(id: user, elevated: false)
        } else {
            .sharedLink(id: row["sharedLinkId"])
        }
        return DownloadLinkRecord(digest: digest, subject: subject, assetIDs: ids, edited: row["edited"],
                                  archiveName: row["archiveName"], expiresAt: row["expiresAt"])
    }
}

extension AccessSubject {
    /// The subject as the link tables store it: (user id, shared link id), exactly one set.
    var columns: (userID: String?, sharedLinkID: String?) {
        switch self {
        case .user(let id, _): (id, nil)
        case .sharedLink(let id): (nil, id)
        }
    }
}
