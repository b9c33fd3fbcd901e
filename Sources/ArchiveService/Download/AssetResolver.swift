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
        // The records are kept once: by position, not copied into a dictionary of records.
        let records = try await catalog.assets(ids: ids)
        var positions: [UUID: Int] = [:]
        positions.reserveCapacity(records.count)
        for (position, record) in records.enumerated() where positions[record.id] == nil {
            positions[record.id] = position
        }
        return try ids.map { id in
            guard let position = UUID(uuidString: id).flatMap({ positions[$0] }) else {
                throw ServiceError.notFound("Asset \(id) not found")
            }
            return records[position]
        }
    }

    /// `assets` in a stable order (taken time, then id), each live photo's motion video right after its still
    /// (fetched if not listed, skipped if trashed) and nowhere else — Gallery's clients must get the pair in one
    /// archive — with the size of each such group (1, or 2 for a pair). The order is a list of positions, not a
    /// second copy of the records, and only the few live photos are hashed: a timeline of 250,000 photos holds
    /// its records once.
    func ordered(_ listed: consuming [AssetRecord]) async throws -> OrderedAssets {
        let records = consume listed
        let motionIDs = Set(records.compactMap(\.livePhotoVideoID))
        var motionPositions: [UUID: Int32] = [:]
        for (position, asset) in records.enumerated() where motionIDs.contains(asset.id) {
            motionPositions[asset.id] = Int32(position)
        }
        // Fetched motion videos stay beside the records: appended, they would copy a timeline's exactly sized
        // array into one of twice the size.
        let fetched = try await catalog.assets(ids: motionIDs.subtracting(motionPositions.keys).sorted().map(\.lowercased))
        for (offset, motion) in fetched.enumerated() {
            motionPositions[motion.id] = Int32(records.count + offset)
        }
        var byTime = Array(0..<Int32(records.count))
        byTime.sort { a, b in
            let (x, y) = (records[Int(a)], records[Int(b)])
            return (x.fileCreatedAt, x.id) < (y.fileCreatedAt, y.id)
        }
        var result = OrderedAssets(listed: records, fetched: fetched, order: [], groupSizes: [])
        result.order.reserveCapacity(records.count + fetched.count)
        result.groupSizes.reserveCapacity(records.count)
        var placed = Set<UUID>()
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
        return result
    }

    /// The items of an info request, built on access (`InfoItems`): only the sizes the catalog does not know are
    /// asked of the backend, before.
    func infoItems(_ ordered: OrderedAssets, edited: Bool) async throws -> InfoItems {
        let unsized = ordered.order.indices.filter { index in
            let asset = ordered[ordered.order[index]]
            return Self.catalogSize(of: asset, path: Self.path(of: asset, edited: edited)) == nil
        }
        let sized = try await items(unsized.map { ordered[ordered.order[$0]] }, edited: edited, verify: false)
        return InfoItems(assets: ordered, edited: edited,
                         backendSizes: Dictionary(uniqueKeysWithValues: zip(unsized, sized.map(\.size))))
    }

    /// Items for `assets`, sized from the catalog, or from the backend where the catalog does not know the size
    /// or `verify` asks for the backend's word (an archive checks every source before its first byte). Only the
    /// backend calls run as tasks, `statConcurrency` at a time (a timeline of 250,000 known sizes makes none), each
    /// given up after `storageTimeout` by one watcher for all of them.
    func items<Assets: RandomAccessCollection<AssetRecord>>(_ assets: Assets, edited: Bool, verify: Bool) async throws
        -> [ArchiveItem] where Assets.Index == Int {
        var results: [ArchiveItem] = []
        results.reserveCapacity(assets.count)
        var pending: [Int] = []   // positions only: a copy of each record waits in its task, 32 at a time
        for (index, asset) in zip(0..., assets) {
            let path = Self.path(of: asset, edited: edited)
            let known = verify ? nil : Self.catalogSize(of: asset, path: path)
            // An item whose size the backend must tell holds 0 until it does.
            results.append(ArchiveItem(asset, path: path, size: known ?? 0, storageTag: nil))
            if known == nil { pending.append(index) }
        }
        guard !pending.isEmpty else { return results }
        let deadlines = CallDeadlines<(asset: AssetRecord, path: String)>(limit: storageTimeout)
        try await withThrowingTaskGroup(of: (Int, ArchiveItem).self) { group in
            group.addTask {
                let (asset, path) = try await deadlines.firstOverdue()
                throw StorageFailure.mapped(DeadlineExceeded(what: "storage HEAD of \(path)", limit: deadlines.limit),
                                            asset: asset)
            }
            var next = 0
            func addNext() {
                let index = pending[next]
                let (asset, path) = (assets[assets.startIndex + index], results[index].path)
                group.addTask {
                    let info = try await deadlines.run(index, (asset, path)) { try await stat(asset, path: path) }
                    return (index, ArchiveItem(asset, path: path, size: UInt64(info.size), storageTag: info.etag,
                                               crc32: info.crc32))
                }
                next += 1
            }
            while next < min(Self.statConcurrency, pending.count) { addNext() }
            for _ in pending.indices {
                guard let (index, item) = try await group.next() else { break }
                results[index] = item
                if next < pending.count { addNext() }
            }
            group.cancelAll()   // the watcher
        }
        return results
    }

    /// The backend's word on `path`; failures name the asset. The deadline is the caller's (`CallDeadlines`).
    private func stat(_ asset: AssetRecord, path: String) async throws -> ObjectInfo {
        do {
            let (backend, key) = try storage.locate(path)
            return try await backend.head(key)
        } catch {
            throw StorageFailure.mapped(error, asset: asset)
        }
    }

    /// The stored file a download of `asset` reads: the edited full-size file when asked for and present.
    static func path(of asset: AssetRecord, edited: Bool) -> String {
        edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
    }

    /// The size the catalog knows of `path`: only the original's (`asset_exif` describes that file), if recorded.
    static func catalogSize(of asset: AssetRecord, path: String) -> UInt64? {
        guard path == asset.originalPath, let size = asset.fileSizeInByte, size >= 0 else { return nil }
        return UInt64(size)
    }
}

/// Records in download order without copying them: `order` lists positions in `listed`, then in `fetched`.
struct OrderedAssets: Sendable {
    /// The catalog's records of the request.
    var listed: [AssetRecord]
    /// The motion videos of listed live photos that the request did not list (positions from `listed.count` on).
    var fetched: [AssetRecord]
    var order: [Int32]
    /// How many consecutive entries of `order` form each group (1, or 2 for a live photo pair).
    var groupSizes: [UInt8]

    /// The record at `position`, one of the entries of `order`.
    subscript(position: Int32) -> AssetRecord {
        Int(position) < listed.count ? listed[Int(position)] : fetched[Int(position) - listed.count]
    }
}
