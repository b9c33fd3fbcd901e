/// An asset's XMP sidecar, as `asset_file` records it (type 'sidecar', not edited). Copying a sidecar to another
/// asset is one of the two writes the storage commands make to Gallery's tables, as Gallery's own asset copy does
/// (`AssetService.copy`): the file, then its `asset_file` row.
public protocol SidecarStore: Sendable {
    /// The asset's sidecar path or key; nil when it has none.
    func sidecarPath(of assetID: String) async throws -> String?
    /// Records `path` as the asset's sidecar, replacing the path of a row it already has.
    func setSidecarPath(_ path: String, of assetID: String) async throws
}
