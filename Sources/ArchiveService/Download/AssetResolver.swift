import Catalog
import Backends
import Foundation

/// Finds what a request may download and how big each file is, failing with an error that names the asset.
struct AssetResolver: Sendable {
    let catalog: any Catalog
    let storage: StorageRouter
    /// How long one HEAD/stat may take: a storage that stops answering fails the plan with a 504 naming the asset
    /// instead of holding the request (and its planning permit) for ever.
    let storageTimeout: Duration
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
    /// archive — with the size of each such group (1, or 2 for a pair). The order is a list of positions, not a
    /// second copy of the records, and only the few live photos are hashed: a timeline of 250,000 photos holds
    /// its records once.
    func ordered(_ listed: consuming [AssetRecord]) async throws -> OrderedAssets {
        var records = consume listed
        let listedCount = records.count
        let motionIDs = Set(records.compactMap(\.livePhotoVideoID))
        var motionPositions: [String: Int32] = [:]
        for (position, asset) in records.enumerated() where motionIDs.contains(asset.id) {
            motionPositions[asset.id] = Int32(position)
        }
        for motion in try await catalog.assets(ids: motionIDs.subtracting(motionPositions.keys).sorted()) {
            motionPositions[motion.id] = Int32(records.count)
            records.append(motion)
        }
        var byTime = Array(0..<Int32(listedCount))
        byTime.sort { a, b in
            let (x, y) = (records[Int(a)], records[Int(b)])
            return (x.fileCreatedAt, x.id) < (y.fileCreatedAt, y.id)
        }
        var result = OrderedAssets(records: [], order: [], groupSizes: [])
        result.order.reserveCapacity(records.count)
        result.groupSizes.reserveCapacity(listedCount)
        var placed = Set<String>()
        for position in byTime where !motionIDs.contains(records[Int(position)].id) {
            result.order.append(position)
            if let id = records[Int(position)].livePhotoVideoID, let motion = motionPositions[id],
               placed.insert(id).inserted {
                result.order.append(motion)
                result.groupSizes.append(2)
            } else {
                result.groupSizes.append(1)
            }
        }
        // A listed motion video whose still is not placed (a chain of live photos) is an asset of its own.
        for position in byTime where motionIDs.contains(records[Int(position)].id)
            && placed.insert(records[Int(position)].id).inserted {
            result.order.append(position)
            result.groupSizes.append(1)
        }
        result.records = records
        return result
    }

    /// Items for `assets`, sized from the catalog, or from the backend where the catalog does not know the size
    /// or `verify` asks for the backend's word (an archive checks every source before its first byte). Only the
    /// backend calls run as tasks, `statConcurrency` at a time: a timeline of 250,000 known sizes makes none.
    func items<Assets: RandomAccessCollection<AssetRecord>>(_ assets: Assets, edited: Bool, verify: Bool) async throws
        -> [ArchiveItem] where Assets.Index == Int {
        var results: [ArchiveItem] = []
        results.reserveCapacity(assets.count)
        var pending: [(Int, AssetRecord, String)] = []
        for (index, asset) in zip(0..., assets) {
            let path = edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
            let known = !verify && path == asset.originalPath ? asset.fileSizeInByte.flatMap { $0 >= 0 ? $0 : nil } : nil
            // An item whose size the backend must tell holds 0 until it does.
            results.append(ArchiveItem(asset, path: path, size: UInt64(known ?? 0), storageTag: nil))
            if known == nil { pending.append((index, asset, path)) }
        }
        try await withThrowingTaskGroup(of: (Int, ArchiveItem).self) { group in
            var next = 0
            func addNext() {
                let (index, asset, path) = pending[next]
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
        return results
    }

    private func stat(_ asset: AssetRecord, path: String) async throws -> ObjectInfo {
        do {
            let (backend, key) = try storage.locate(path)
            return try await withDeadline(storageTimeout, "storage HEAD of \(key)") { try await backend.head(key) }
        } catch {
            throw StorageFailure.mapped(error, asset: asset)
        }
    }
}

/// Records in download order without copying them: `order` lists positions in `records`.
struct OrderedAssets: Sendable {
    var records: [AssetRecord]
    var order: [Int32]
    /// How many consecutive entries of `order` form each group (1, or 2 for a live photo pair).
    var groupSizes: [UInt8]

    var inOrder: LazyMapSequence<[Int32], AssetRecord> { order.lazy.map { [records] in records[Int($0)] } }
}
