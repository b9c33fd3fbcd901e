import Catalog
import Backends
import Foundation

/// Finds what a request may download and how big each file is, failing with an error that names the asset.
struct AssetResolver: Sendable {
    let catalog: any Catalog
    let storage: StorageRouter
    /// How many HEAD/stat calls run at once while sizing an archive (each S3 HEAD also takes a limiter permit).
    static let statConcurrency = 32

    /// The assets `ids`, in that order, after checking that `principal` may download every one of them.
    func downloadable(_ ids: [String], for principal: Principal) async throws -> [AssetRecord] {
        let allowed = try await catalog.downloadableAssetIDs(ids, for: principal.subject)
        if let refused = ids.first(where: { !allowed.contains($0) }) {
            throw ServiceError.forbidden("No download access to asset \(refused)")
        }
        let byID = Dictionary(try await catalog.assets(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try ids.map { id in
            guard let asset = byID[id] else { throw ServiceError.notFound("Asset \(id) not found") }
            return asset
        }
    }

    /// `assets` grouped so that each still is followed by its live photo's motion video (fetched if not listed,
    /// skipped if deleted), which then appears nowhere else: Gallery's clients must get the pair in one archive.
    func withMotionVideos(_ assets: [AssetRecord]) async throws -> [[AssetRecord]] {
        var byID = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let motionIDs = Set(assets.compactMap(\.livePhotoVideoID))
        for motion in try await catalog.assets(ids: motionIDs.filter { byID[$0] == nil }.sorted()) {
            byID[motion.id] = motion
        }
        var placed = Set<String>()
        var groups: [[AssetRecord]] = []
        for asset in assets where !placed.contains(asset.id) && !motionIDs.contains(asset.id) {
            var group = [asset]
            if let motionID = asset.livePhotoVideoID, !placed.contains(motionID), let motion = byID[motionID] {
                group.append(motion)
            }
            group.forEach { placed.insert($0.id) }
            groups.append(group)
        }
        // A listed motion video whose still is not listed is an asset of its own.
        for asset in assets where !placed.contains(asset.id) {
            placed.insert(asset.id)
            groups.append([asset])
        }
        return groups
    }

    /// Items for `assets`, sized from the catalog, or from the backend where the catalog does not know the size
    /// or `verify` asks for the backend's word (an archive checks every source before its first byte).
    func items(_ assets: [AssetRecord], edited: Bool, verify: Bool) async throws -> [ArchiveItem] {
        try await withThrowingTaskGroup(of: (Int, ArchiveItem).self) { group in
            var results = [ArchiveItem?](repeating: nil, count: assets.count)
            var next = 0
            func addNext() {
                let index = next
                let asset = assets[index]
                group.addTask { (index, try await item(asset, edited: edited, verify: verify)) }
                next += 1
            }
            while next < min(Self.statConcurrency, assets.count) { addNext() }
            while let (index, item) = try await group.next() {
                results[index] = item
                if next < assets.count { addNext() }
            }
            return results.map { $0! }
        }
    }

    private func item(_ asset: AssetRecord, edited: Bool, verify: Bool) async throws -> ArchiveItem {
        let path = edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
        if !verify, path == asset.originalPath, let known = asset.fileSizeInByte, known >= 0 {
            return ArchiveItem(asset: asset, path: path, size: UInt64(known), storageTag: nil)
        }
        let info = try await stat(asset, path: path)
        return ArchiveItem(asset: asset, path: path, size: UInt64(info.size), storageTag: info.etag)
    }

    private func stat(_ asset: AssetRecord, path: String) async throws -> ObjectInfo {
        do {
            let (backend, key) = try storage.locate(path)
            return try await backend.head(key)
        } catch {
            throw StorageFailure.mapped(error, asset: asset)
        }
    }
}
