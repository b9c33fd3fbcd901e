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
    /// Only the few live photos are hashed and looked up; a timeline of 250,000 plain photos costs one set lookup each.
    func withMotionVideos(_ assets: [AssetRecord]) async throws -> [AssetGroup] {
        let motionIDs = Set(assets.compactMap(\.livePhotoVideoID))
        var motions: [String: AssetRecord] = [:]
        for asset in assets where motionIDs.contains(asset.id) { motions[asset.id] = asset }
        for motion in try await catalog.assets(ids: motionIDs.subtracting(motions.keys).sorted()) {
            motions[motion.id] = motion
        }
        var placed = Set<String>()
        var groups: [AssetGroup] = []
        groups.reserveCapacity(assets.count)
        for asset in assets where !motionIDs.contains(asset.id) {
            var group = AssetGroup(still: asset)
            if let id = asset.livePhotoVideoID, let motion = motions[id], placed.insert(id).inserted {
                group.motion = motion
            }
            groups.append(group)
        }
        // A listed motion video whose still is not listed is an asset of its own.
        for asset in assets where motionIDs.contains(asset.id) && placed.insert(asset.id).inserted {
            groups.append(AssetGroup(still: asset))
        }
        return groups
    }

    /// Items for `assets`, sized from the catalog, or from the backend where the catalog does not know the size
    /// or `verify` asks for the backend's word (an archive checks every source before its first byte). Only the
    /// backend calls run as tasks, `statConcurrency` at a time: a timeline of 250,000 known sizes makes none.
    func items(_ assets: [AssetRecord], edited: Bool, verify: Bool) async throws -> [ArchiveItem] {
        var results = [ArchiveItem?](repeating: nil, count: assets.count)
        var pending: [Int] = []
        for (index, asset) in assets.enumerated() {
            let path = edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
            if !verify, path == asset.originalPath, let known = asset.fileSizeInByte, known >= 0 {
                results[index] = ArchiveItem(asset: asset, path: path, size: UInt64(known), storageTag: nil)
            } else {
                pending.append(index)
            }
        }
        try await withThrowingTaskGroup(of: (Int, ArchiveItem).self) { group in
            var next = 0
            func addNext() {
                let index = pending[next]
                let asset = assets[index]
                let path = edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
                group.addTask {
                    let info = try await stat(asset, path: path)
                    return (index, ArchiveItem(asset: asset, path: path, size: UInt64(info.size), storageTag: info.etag))
                }
                next += 1
            }
            while next < min(Self.statConcurrency, pending.count) { addNext() }
            while let (index, item) = try await group.next() {
                results[index] = item
                if next < pending.count { addNext() }
            }
        }
        return results.map { $0! }
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

/// An asset and, for a live photo, its motion video: the two always go into the same archive.
struct AssetGroup: Sendable {
    var still: AssetRecord
    var motion: AssetRecord?

    var count: Int { motion == nil ? 1 : 2 }
}
