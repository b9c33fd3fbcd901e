import GRDB

/// Gallery's download access rules (`utils/access.ts`, `access.repository.ts`) as SQL conditions on `asset a`.
enum AccessQueries {
    /// The condition under which `subject` may download asset `a`, and its arguments.
    static func assetCondition(for subject: AccessSubject) -> (String, StatementArguments) {
        switch subject {
        case .user(let id):
            return (userCondition, [id, id, id, id])
        case .sharedLink(let id):
            return (sharedLinkCondition, [id, id])
        }
    }

    /// Owner (not locked), album owner or member (album and asset not deleted; a live photo's motion video
    /// comes with its still), partner (timeline or hidden, asset and sharer not deleted).
    private static let userCondition = """
        (a.ownerId = ? AND a.visibility != 'locked')
        OR (a.deletedAt IS NULL AND EXISTS (
              SELECT 1 FROM album_asset aa JOIN album al ON al.id = aa.albumId
              WHERE al.deletedAt IS NULL
                AND (al.ownerId = ? OR EXISTS (SELECT 1 FROM album_user au WHERE au.albumId = al.id AND au.userId = ?))
                AND (aa.assetId = a.id OR aa.assetId IN (SELECT s.id FROM asset s WHERE s.livePhotoVideoId = a.id))))
        OR (a.deletedAt IS NULL AND a.visibility IN ('timeline', 'hidden') AND EXISTS (
              SELECT 1 FROM partner p JOIN "user" u ON u.id = p.sharedById
              WHERE p.sharedWithId = ? AND p.sharedById = a.ownerId AND u.deletedAt IS NULL))
        """

    /// INDIVIDUAL links through `shared_link_asset`, ALBUM links through the album's `album_asset`; live photo
    /// motion videos come with their stills; deleted assets never.
    private static let sharedLinkCondition = """
        a.deletedAt IS NULL AND (
          EXISTS (SELECT 1 FROM shared_link_asset sla WHERE sla.sharedLinkId = ?
                  AND (sla.assetId = a.id OR sla.assetId IN (SELECT s.id FROM asset s WHERE s.livePhotoVideoId = a.id)))
          OR EXISTS (SELECT 1 FROM shared_link l JOIN album al ON al.id = l.albumId
                     JOIN album_asset aa ON aa.albumId = al.id
                     WHERE l.id = ? AND al.deletedAt IS NULL
                     AND (aa.assetId = a.id OR aa.assetId IN (SELECT s.id FROM asset s WHERE s.livePhotoVideoId = a.id))))
        """
}
