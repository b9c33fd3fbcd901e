/// The API-key permissions a download checks (Gallery's `Permission` enum, `server/src/enum.ts`).
public enum Permission: String, Sendable, CaseIterable {
    /// Grants everything.
    case all
    /// Every download route (`@Authenticated({ permission: Permission.AssetDownload })`).
    case assetDownload = "asset.download"
    /// `/download/info` with `albumId`.
    case albumDownload = "album.download"
    /// `/download/info` with `userId`.
    case timelineDownload = "timeline.download"
}

/// `shared_link.type`.
public enum SharedLinkType: String, Sendable {
    /// The link shows an album (`albumId`), through its `album_asset` rows.
    case album = "ALBUM"
    /// The link lists its assets in `shared_link_asset`.
    case individual = "INDIVIDUAL"
}

/// `asset.visibility` (`asset_visibility_enum`).
public enum AssetVisibility: String, Sendable, CaseIterable {
    case archive, timeline, hidden, locked
}
