import Catalog
import Backends
import Foundation
import NIOCore
import ZipStream

/// Finds what a request may download and how big each file is, failing with an error that names the asset.
struct AssetResolver: Sendable {
    let catalog: any Catalog
    let storage: StorageRouter
    /// How long one HEAD/stat (or GET of a small object) may take: a storage that stops answering fails the plan
    /// with a 504 naming the asset instead of holding the request (and its planning permit) for ever.
    let storageTimeout: Duration
    /// How many HEAD/stat (or small GET) calls run at once while sizing an archive (each S3 call also takes a
    /// limiter permit).
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
        let sized = try await items(unsized.map { ordered[ordered.order[$0]] }, edited: edited, verify: false).items
        return InfoItems(assets: ordered, edited: edited,
                         backendSizes: Dictionary(uniqueKeysWithValues: zip(unsized, sized.map(\.size))))
    }

    /// Items for `assets`, sized from the catalog, or from the backend where the catalog does not know the size
    /// or `verify` asks for the backend's word (an archive checks every source before its first byte). Only the
    /// backend calls run as tasks, `statConcurrency` at a time (a timeline of 250,000 known sizes makes none), each
    /// given up after `storageTimeout` by one watcher for all of them.
    ///
    /// Small objects the backend can read whole (`WholeObjectReading`: S3) are, in order, up to `prefetchBudget`
    /// bytes by their catalog sizes: one GET instead of a HEAD now and a GET while streaming. Their bytes come back
    /// by item index, and their CRC-32s are known (the entries take the known-CRC layout).
    func items<Assets: RandomAccessCollection<AssetRecord>>(_ assets: Assets, edited: Bool, verify: Bool,
                                                            prefetchBudget: UInt64 = 0) async throws
        -> (items: [ArchiveItem], prefetched: PrefetchedEntries) where Assets.Index == Int {
        var results: [ArchiveItem] = []
        results.reserveCapacity(assets.count)
        // Positions only, each with the size up to which it is read whole: a copy of each record waits in its
        // task, `statConcurrency` at a time.
        var pending: [(index: Int, wholeUpTo: UInt64?)] = []
        var budget = prefetchBudget
        for (index, asset) in zip(0..., assets) {
            let path = Self.path(of: asset, edited: edited)
            let catalogSize = Self.catalogSize(of: asset, path: path)
            let known = verify ? nil : catalogSize
            // An item whose size the backend must tell holds 0 until it does.
            results.append(ArchiveItem(asset, path: path, size: known ?? 0, storageTag: nil))
            guard known == nil else { continue }
            let whole = catalogSize.flatMap { readsWhole(path, size: $0, within: budget) }
            budget -= whole ?? 0
            pending.append((index, whole))
        }
        guard !pending.isEmpty else { return (results, PrefetchedEntries([:])) }
        let deadlines = CallDeadlines<(asset: AssetRecord, what: String)>(limit: storageTimeout)
        var held: [Int: ByteBuffer] = [:]
        try await withThrowingTaskGroup(of: (Int, ArchiveItem, ByteBuffer?).self) { group in
            group.addTask {
                let (asset, what) = try await deadlines.firstOverdue()
                throw StorageFailure.mapped(DeadlineExceeded(what: what, limit: deadlines.limit), asset: asset)
            }
            var next = 0
            func addNext() {
                let (index, whole) = pending[next]
                let (asset, path) = (assets[assets.startIndex + index], results[index].path)
                group.addTask {
                    let what = "storage \(whole == nil ? "HEAD" : "GET") of \(path)"
                    let (item, bytes) = try await deadlines.run(index, (asset, what)) {
                        try await check(asset, path: path, wholeUpTo: whole)
                    }
                    return (index, item, bytes)
                }
                next += 1
            }
            while next < min(Self.statConcurrency, pending.count) { addNext() }
            for _ in pending.indices {
                guard let (index, item, bytes) = try await group.next() else { break }
                results[index] = item
                if let bytes { held[index] = bytes }
                if next < pending.count { addNext() }
            }
            group.cancelAll()   // the watcher
        }
        return (results, PrefetchedEntries(held))
    }

    /// `size`, if the object at `path` is read whole: the backend can (`wholeObjectLimit`), and it fits `budget`.
    /// An empty object is not: its entry is never read, so its HEAD is its only request already.
    private func readsWhole(_ path: String, size: UInt64, within budget: UInt64) -> UInt64? {
        guard size > 0, size <= budget, let located = try? storage.locate(path),
              let reader = located.backend as? any WholeObjectReading,
              size <= UInt64(reader.wholeObjectLimit) else { return nil }
        return size
    }

    /// The backend's word on `asset`'s file: a HEAD (a stat on disk), or with `wholeUpTo`, a GET that answers the
    /// same and brings the bytes. Any failure names the asset. The deadline is the caller's (`CallDeadlines`).
    private func check(_ asset: AssetRecord, path: String, wholeUpTo limit: UInt64?) async throws
        -> (ArchiveItem, ByteBuffer?) {
        do {
            let (backend, key) = try storage.locate(path)
            if let limit, let reader = backend as? any WholeObjectReading {
                let whole = try await reader.getWhole(key, upTo: Int(limit))
                let crc32 = try whole.bytes.map { try Self.crc32(of: $0, stored: whole.info.crc32, key: key) }
                return (ArchiveItem(asset, path: path, info: whole.info, crc32: crc32), whole.bytes)
            }
            let info = try await backend.head(key)
            return (ArchiveItem(asset, path: path, info: info, crc32: nil), nil)
        } catch {
            throw StorageFailure.mapped(error, asset: asset)
        }
    }

    /// The CRC-32 of an object read whole. Where the storage keeps one (`stored`), it must agree: the entry would
    /// otherwise carry bytes the storage itself calls damaged (read as a stream, the writer's check against the
    /// stored CRC would cut the archive; read whole, that is found before the first byte).
    static func crc32(of bytes: ByteBuffer, stored: UInt32?, key: String) throws -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        if let stored, stored != crc.value {
            throw StorageError.integrity(key: key, detail: "its bytes have CRC-32 \(String(crc.value, radix: 16)), "
                                         + "the storage keeps \(String(stored, radix: 16))")
        }
        return crc.value
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
