import Backends
import Catalog
import Foundation
import ZipStream

/// `crc warm`: learns the CRC-32 of every file a set of assets downloads (originals, and edited versions where
/// there are any) ahead of the first download, so that download is already the known-CRC layout and resumable.
/// A file the cache already knows, in the version the storage reports now, is skipped; an S3 object that carries
/// a full-object checksum is not read at all. Reads run `concurrency` at a time, inside the S3 connection limiter.
public struct CRCWarmer: Sendable {
    let cache: any CRCCache
    let storage: StorageRouter
    let concurrency: Int

    public init(cache: any CRCCache, storage: StorageRouter, concurrency: Int = 4) {
        self.cache = cache
        self.storage = storage
        self.concurrency = max(1, concurrency)
    }

    /// Warms every file of `assets`; `progress` hears about each file as it is done. Failures (a file missing,
    /// unreadable) are counted and named, never fatal to the rest.
    public func warm(_ assets: [AssetRecord], progress: @escaping @Sendable (CRCWarmProgress) -> Void) async throws
        -> CRCWarmProgress {
        let files = assets.flatMap { asset in
            ([asset.originalPath] + (asset.editedPath.map { [$0] } ?? [])).map { ($0, asset) }
        }
        var tally = CRCWarmProgress(total: files.count)
        try await forEachBounded(files, limit: concurrency, { await warmOne($0.0, of: $0.1) }) {
            tally.record($0)
            progress(tally)
        }
        return tally
    }

    private func warmOne(_ path: String, of asset: AssetRecord) async -> FileOutcome {
        do {
            let (backend, key) = try storage.locate(path)
            let info = try await backend.head(key)
            let identity = StoredFileIdentity(assetID: asset.id, path: path, size: UInt64(info.size), tag: info.etag)
            if try await cache.crc32s(of: [identity])[identity] != nil { return .known(bytes: UInt64(info.size)) }
            let crc: UInt32
            if let stored = info.crc32 {
                crc = stored
            } else {
                crc = try await Self.crc32(of: backend.get(key, range: ByteRange(offset: 0, version: info.etag)),
                                           size: UInt64(info.size))
            }
            try await cache.remember([identity: crc])
            return .learnt(bytes: UInt64(info.size), read: info.crc32 == nil)
        } catch {
            return .failed(asset: asset.id, reason: "\(error)")
        }
    }

    private static func crc32(of stream: StorageByteStream, size: UInt64) async throws -> UInt32 {
        var crc = CRC32()
        var count: UInt64 = 0
        for try await chunk in stream {
            crc.update(chunk)
            count += UInt64(chunk.readableBytes)
        }
        guard count == size else {
            throw StorageError.backend(key: "", detail: "read \(count) bytes where the storage reported \(size)")
        }
        return crc.value
    }
}

/// How one file went.
enum FileOutcome: Sendable {
    case known(bytes: UInt64)
    case learnt(bytes: UInt64, read: Bool)
    case failed(asset: UUID, reason: String)
}

/// Where a warm-up stands: files done of the total, bytes read, and what failed.
public struct CRCWarmProgress: Sendable {
    public let total: Int
    public private(set) var done = 0
    public private(set) var alreadyKnown = 0
    public private(set) var learnt = 0
    /// Bytes read to compute CRCs (files with a stored checksum read none).
    public private(set) var bytesRead: UInt64 = 0
    /// Bytes of every file done, read or not.
    public private(set) var bytesDone: UInt64 = 0
    public private(set) var failures: [(asset: UUID, reason: String)] = []

    init(total: Int) { self.total = total }

    mutating func record(_ outcome: FileOutcome) {
        done += 1
        switch outcome {
        case .known(let bytes):
            alreadyKnown += 1
            bytesDone += bytes
        case .learnt(let bytes, let read):
            learnt += 1
            bytesDone += bytes
            if read { bytesRead += bytes }
        case .failed(let asset, let reason):
            failures.append((asset, reason))
        }
    }
}
