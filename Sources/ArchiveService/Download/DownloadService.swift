import Catalog
import Backends
import Foundation
import NIOCore
import ZipStream

/// Download planning: what a principal may download, split into archives (`info`) or laid out as one ZIP
/// (`prepareArchive`) with every source checked before the first byte.
public struct DownloadService: Sendable {
    let resolver: AssetResolver
    let catalog: any Catalog
    /// Plans are built a few at a time. While it is built, the plan of an 8,000-asset album holds about 7 MB of
    /// catalog rows, ids and storage answers (the finished plan keeps a third of that); sixteen downloads started
    /// together would hold all of theirs at once, on cores that build two or so at a time anyway. Twice the cores,
    /// so plans waiting on S3 HEADs still overlap.
    let planning = ConnectionLimiter(limit: max(4, 2 * System.coreCount))

    /// The most assets one archive holds, and ids one request lists: `/download/info` splits at it and
    /// `/download/archive` refuses more, so no archive `info` describes is refused (docs/BENCHMARKS.md, "Catalog",
    /// measures what planning one costs).
    let maxAssetsPerArchive: Int
    public static let defaultMaxAssetsPerArchive = 50_000

    /// - Parameter storageTimeout: how long one storage HEAD (or GET of a small object) may take while an archive is
    ///   planned.
    public init(catalog: any Catalog, storage: StorageRouter, storageTimeout: Duration = .seconds(30),
                maxAssetsPerArchive: Int = defaultMaxAssetsPerArchive) {
        self.catalog = catalog
        self.maxAssetsPerArchive = maxAssetsPerArchive
        resolver = AssetResolver(catalog: catalog, storage: storage, storageTimeout: storageTimeout)
    }

    /// `POST /api/download/info`: stable order (taken time, then id), live photo pairs kept together, exact sizes.
    public func info(_ request: DownloadInfoRequest, for principal: Principal) async throws -> DownloadInfo {
        try await planning.withPermit { try await plannedInfo(request, for: principal) }
    }

    /// `POST /api/download/archive`: the assets in request order, sizes and existence checked on the backend.
    public func prepareArchive(_ request: DownloadArchiveRequest, for principal: Principal) async throws -> PreparedArchive {
        try await planning.withPermit { try await plannedArchive(request, for: principal) }
    }

    /// Refuses (403 naming the asset) unless `principal` may download every asset `request` lists.
    public func authorize(_ request: DownloadArchiveRequest, for principal: Principal) async throws {
        _ = try await resolver.downloadable(request.assetIDs, for: principal)
    }

    private func plannedInfo(_ request: DownloadInfoRequest, for principal: Principal) async throws -> DownloadInfo {
        let ordered = try await resolver.ordered(try await targetAssets(request.target, for: principal))
        let items = try await resolver.infoItems(ordered, edited: forcesEdited(principal))
        let archives = ArchiveSplitter.split(items, groupSizes: ordered.groupSizes, limit: request.archiveSize,
                                             maxAssets: maxAssetsPerArchive)
        return DownloadInfo(totalSize: archives.reduce(0) { $0 + $1.size }, archives: archives)
    }

    private func plannedArchive(_ request: DownloadArchiveRequest, for principal: Principal) async throws
        -> PreparedArchive {
        let assets = try await resolver.downloadable(request.assetIDs, for: principal)
        let edited = request.edited || forcesEdited(principal)
        // Small S3 objects are read whole here, at most as many bytes as the read-ahead may hold for one archive:
        // one request per such object instead of two (docs/BENCHMARKS.md, "Run 4": 500 at 20 ms a request).
        let (checked, prefetched) = try await resolver.items(assets, edited: edited, verify: true,
                                                             prefetchBudget: ReadAhead.defaultByteBudget)
        let items = try await withCachedCRCs(checked)
        let plan = try ZipPlan(entries: ArchiveLayout.entries(for: items))
        return PreparedArchive(
            plan: plan, sources: try ArchiveSources(items, storage: resolver.storage, prefetched: prefetched),
            etag: ArchiveLayout.etag(plan: plan, items: items), fileName: Self.fileName(request.archiveName),
            isRangeable: plan.length != nil && items.allSatisfy { $0.crc32 != nil })
    }

    /// `items` with the CRC-32s the cache knows for the exact versions the storage just reported, asked
    /// `crcLookupBatch` files a query: one statement for a whole album held every identity (paths and tags) three
    /// times at once, as values, as the statement's argument and as the rows fetched (about 3 MiB for 8,000 files).
    private func withCachedCRCs(_ items: consuming [ArchiveItem]) async throws -> [ArchiveItem] {
        var items = items
        let unknown = items.indices.filter { items[$0].crc32 == nil && items[$0].identity != nil }
        for start in stride(from: 0, to: unknown.count, by: Self.crcLookupBatch) {
            let batch = unknown[start..<min(start + Self.crcLookupBatch, unknown.count)]
            let cached = try await catalog.crc32s(of: batch.compactMap { items[$0].identity })
            for index in batch {
                if let identity = items[index].identity { items[index].crc32 = cached[identity] }
            }
        }
        return items
    }

    /// Files per CRC cache query.
    static let crcLookupBatch = 1000

    /// Gallery serves shared-link visitors the edited version (`asset-media.service.ts`).
    private func forcesEdited(_ principal: Principal) -> Bool {
        if case .sharedLink = principal { return true }
        return false
    }

    /// The assets of an info request, in a constant number of queries: a selection is checked id by id in one
    /// query; an album or a timeline is one access check and one query for its assets.
    private func targetAssets(_ target: DownloadInfoRequest.Target, for principal: Principal) async throws
        -> [AssetRecord] {
        switch target {
        case .assets(let ids):
            return try await resolver.downloadable(ids, for: principal)
        case .album(let albumID):
            try principal.require(.albumDownload)
            guard try await catalog.canDownloadAlbum(albumID, for: principal.subject) else {
                throw ServiceError.forbidden("No download access to album \(albumID)")
            }
            return try await catalog.albumAssets(albumID)
        case .user(let userID):
            try principal.require(.timelineDownload)
            guard principal.userID == userID else {
                throw ServiceError.forbidden("A timeline download is only for the signed-in user's own timeline")
            }
            return try await catalog.timelineAssets(ownerID: userID)
        }
    }

    static func fileName(_ requested: String?) -> String {
        let name = requested?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let base = name.isEmpty ? "gallery-download" : name
        return base.lowercased().hasSuffix(".zip") ? base : base + ".zip"
    }
}

/// An archive ready to stream: its plan (exact length), its sources in plan order (each entry's file version
/// too, the key its CRC-32 is remembered under once computed), its ETag and download name. Held while the archive
/// streams, so plan and sources are both compact (`ZipPlan`, `ArchiveSources`).
public struct PreparedArchive: Sendable {
    public let plan: ZipPlan
    let sources: ArchiveSources
    public let etag: String
    public let fileName: String
    /// Whether every byte is fixed before the first is sent (every CRC known, nothing deflated): only then can a
    /// range of it be served, or a download resumed.
    public let isRangeable: Bool
}
