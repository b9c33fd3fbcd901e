import Foundation
import NIOCore
import PostgresNIO

extension PostgresCatalog {
    public func saveDownloadLink(_ link: DownloadLinkRecord) async throws {
        _ = try queries()
        let (userID, sharedLinkID) = link.subject.columns
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(ByteBuffer(bytes: link.digest))
        bindings.append(userID.flatMap(UUID.init(uuidString:)))
        bindings.append(sharedLinkID.flatMap(UUID.init(uuidString:)))
        bindings.append(link.assetIDs.compactMap(UUID.init(uuidString:)))
        bindings.append(link.edited)
        bindings.append(link.archiveName)
        bindings.append(link.expiresAt)
        // Links a week past their expiry answer "not found" rather than "expired" from then on.
        _ = try await rows(PostgresQuery(unsafeSQL: """
            WITH forgotten AS (DELETE FROM gallery_archive.download_link WHERE expires_at < now() - interval '7 days')
            INSERT INTO gallery_archive.download_link
              (digest, user_id, shared_link_id, asset_ids, edited, archive_name, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, binds: bindings)) { _ in () }
    }

    public func downloadLink(digest: [UInt8]) async throws -> DownloadLinkRecord? {
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(ByteBuffer(bytes: digest))
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT user_id::text, shared_link_id::text, asset_ids, edited, archive_name, expires_at
            FROM gallery_archive.download_link WHERE digest = $1
            """, binds: bindings)) { row in
            let (user, link, ids, edited, name, expiresAt) = try row.decode(
                (String?, String?, [UUID], Bool, String?, Date).self)
            let subject: AccessSubject = if let user { .user(id: user, elevated: false) } else { .sharedLink(id: link ?? "") }
            return DownloadLinkRecord(digest: digest, subject: subject, assetIDs: ids.map { $0.uuidString.lowercased() },
                                      edited: edited, archiveName: name, expiresAt: expiresAt)
        }.first
    }
}
