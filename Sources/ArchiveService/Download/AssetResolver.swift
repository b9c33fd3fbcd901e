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

    /// `assets` in a stable order (taken time, then id), each live photo's motion video right after its still
    /// (fetched if not listed, skipped if trashed) and nowhere else — Gallery's clients must get the pair in one
    /// archive — with the size of each such group (1, or 2 for a pair). Sorted in place, and only the few live
    /// photos are hashed: a timeline of 250,000 plain photos costs one set lookup each and no copy but the result.
    func ordered(_ listed: consuming [AssetRecord]) async throws -> (assets: [AssetRecord], groupSizes: [UInt8]) {
        var assets = consume listed
        let motionIDs = Set(assets.compactMap(\.livePhotoVideoID))
        var motions: [String: AssetRecord] = [:]
        for asset in assets where motionIDs.contains(asset.id) { motions[asset.id] = asset }
        for motion in try await catalog.assets(ids: motionIDs.subtracting(motions.keys).sorted()) {
            motions[motion.id] = motion
        }
        assets.sort { ($0.fileCreatedAt, $0.id) < ($1.fileCreatedAt, $1.id) }
        var (ordered, sizes, placed) = ([AssetRecord](), [UInt8](), Set<String>())
        ordered.reserveCapacity(assets.count + motions.count)
        sizes.reserveCapacity(assets.count)
        for asset in assets where !motionIDs.contains(asset.id) {
            ordered.append(asset)
            if let id = asset.livePhotoVideoID, let motion = motions[id], placed.insert(id).inserted {
                ordered.append(motion)
                sizes.append(2)
            } else {
                sizes.append(1)
            }
        }
        // A listed motion video whose still is not placed (a chain of live photos) is an asset of its own.
        for asset in assets where motionIDs.contains(asset.id) && placed.insert(asset.id).inserted {
            ordered.append(asset)
            sizes.append(1)
        }
        return (ordered, sizes)
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
                results[index] = ArchiveItem(asset, path: path, size: UInt64(known), storageTag: nil)
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
                    return (index, ArchiveItem(asset, path: path, size: UInt64(info.size), storageTag: info.etag))
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
