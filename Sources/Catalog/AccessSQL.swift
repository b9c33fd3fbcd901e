/// Gallery's download access rules (`utils/access.ts`, `access.repository.ts`; GALLERY-SCHEMA.md "Access rules"),
/// written once as SQL for both catalogs and every layout, so SQLite and PostgreSQL cannot drift apart.
///
/// Placeholders are numbered (`?1` in SQLite, `$1::uuid` in PostgreSQL) so one value serves several places. Every
/// sub-select is uncorrelated: both engines evaluate it once into a hash or index, where a correlated `EXISTS` per
/// asset would cost a scan of `asset` per row (there is no index on `livePhotoVideoId`).
struct AccessSQL: Sendable {
    enum Dialect: Sendable { case sqlite, postgres }

    let dialect: Dialect
    /// `album."ownerId"` exists (the fork's and Immich v2's layout, and the SQLite catalog's).
    let albumOwnerColumn: Bool

    /// Assets that are not in the trash (`deletedAt`) and not being deleted (`status`).
    static let present = #"a."deletedAt" IS NULL AND a.status = 'active'"#

    /// The columns of an `AssetRecord`, from `asset a`, `asset_exif e` and the edited file `f`. The ids stay uuids
    /// (PostgreSQL sends 16 bytes; SQLite holds them as TEXT).
    static let assetColumns = """
        a.id, a."originalPath", a."originalFileName", a."fileCreatedAt",
        a."fileModifiedAt", a."livePhotoVideoId", e."fileSizeInByte", f.path
        """

    /// `FROM` for `assetColumns`: the edited full-size file is unique per asset (`asset_file_assetId_type_isEdited_uq`).
    static let assetSources = """
        asset a LEFT JOIN asset_exif e ON e."assetId" = a.id
        LEFT JOIN asset_file f ON f."assetId" = a.id AND f.type = 'fullsize' AND f."isEdited"
        """

    /// The ids in list parameter `n` (a JSON array in SQLite, a uuid[] in PostgreSQL), as a sub-select.
    func idList(_ n: Int) -> String {
        dialect == .postgres ? "SELECT unnest($\(n)::uuid[])" : "SELECT value FROM json_each(?\(n))"
    }

    func uuid(_ n: Int) -> String { dialect == .postgres ? "$\(n)::uuid" : "?\(n)" }

    func flag(_ n: Int) -> String { dialect == .postgres ? "$\(n)::boolean" : "?\(n)" }

    /// User `user` may download `a`: as owner (locked only when `elevated`), through an album they own or belong to
    /// (album not deleted; a live photo's motion video with its still), or as partner (timeline or hidden, the
    /// sharer not deleted).
    func userCondition(user: Int, elevated: Int) -> String {
        let albums = """
            SELECT aa."assetId" FROM album_asset aa JOIN album al ON al.id = aa."albumId"
            WHERE al."deletedAt" IS NULL AND \(albumMember(user: user))
            """
        return """
            (a."ownerId" = \(uuid(user)) AND (a.visibility <> 'locked' OR \(flag(elevated))))
            OR (a."deletedAt" IS NULL AND \(withMotionVideos(albums)))
            OR (a."deletedAt" IS NULL AND a.visibility IN ('timeline', 'hidden') AND a."ownerId" IN (
                  SELECT p."sharedById" FROM partner p JOIN "user" u ON u.id = p."sharedById"
                  WHERE p."sharedWithId" = \(uuid(user)) AND u."deletedAt" IS NULL))
            """
    }

    /// Shared link `link` shows `a`: INDIVIDUAL links through `shared_link_asset`, ALBUM links through their album's
    /// `album_asset` (album not deleted); motion videos with their stills; trashed assets never.
    func linkCondition(link: Int) -> String {
        let linked = """
            SELECT sla."assetId" FROM shared_link_asset sla WHERE sla."sharedLinkId" = \(uuid(link))
            UNION ALL
            SELECT aa."assetId" FROM shared_link l JOIN album al ON al.id = l."albumId"
              JOIN album_asset aa ON aa."albumId" = al.id
            WHERE l.id = \(uuid(link)) AND al."deletedAt" IS NULL
            """
        return #"a."deletedAt" IS NULL AND "# + withMotionVideos(linked)
    }

    /// A query with a row when user `user` owns or belongs to album `album` and it is not deleted.
    func albumForUser(album: Int, user: Int) -> String {
        """
        SELECT 1 FROM album al WHERE al.id = \(uuid(album)) AND al."deletedAt" IS NULL AND \(albumMember(user: user))
        """
    }

    /// A query with a row when link `link` shows album `album` and it is not deleted.
    func albumForLink(album: Int, link: Int) -> String {
        """
        SELECT 1 FROM shared_link l JOIN album al ON al.id = l."albumId"
        WHERE l.id = \(uuid(link)) AND l."albumId" = \(uuid(album)) AND al."deletedAt" IS NULL
        """
    }

    /// `a` is one of `stills` or the motion video of one of them.
    private func withMotionVideos(_ stills: String) -> String {
        """
        (a.id IN (\(stills))
         OR a.id IN (SELECT s."livePhotoVideoId" FROM asset s WHERE s.id IN (\(stills))))
        """
    }

    /// Album `al` is owned by or shared with `user`. In Immich v3 the owner is an `album_user` row too.
    private func albumMember(user: Int) -> String {
        let member = #"al.id IN (SELECT au."albumId" FROM album_user au WHERE au."userId" = "# + uuid(user) + ")"
        return albumOwnerColumn ? #"(al."ownerId" = "# + uuid(user) + " OR " + member + ")" : member
    }
}
