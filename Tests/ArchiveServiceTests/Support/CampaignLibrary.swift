import ArchiveCheck
import ArchiveService
import Backends
import CZlib
import Catalog
import Foundation
import Synchronization
import TestSupport
import Testing

/// The fault campaign's assets, half on disk and half on S3, and every version of their bytes that ever existed:
/// the campaign changes them while archives of them stream (S3 objects overwritten, disk files truncated in place or
/// replaced), so an entry is right when its size and CRC-32 (zlib's, the outside oracle) are those of one version.
final class CampaignLibrary: Sendable {
    /// One asset: where it lives and the name it has in archives.
    struct Asset: Sendable {
        let id: String
        let fileName: String
        let location: StorageLocation
        /// Its size when the campaign starts.
        let initialSize: Int
    }

    /// A version's identity as an archive entry shows it.
    struct Version: Hashable, Sendable {
        let size: UInt64
        let crc32: UInt32
    }

    let assets: [Asset]
    /// The S3 bucket itself (SeaweedFS without the fault proxy), for the campaign's own writes.
    private let s3: any StorageBackend
    /// Per asset id: every version it had, and the current size.
    private let versions: Mutex<[String: (all: Set<Version>, size: Int)]>
    private let mutations = Atomic<Int>(0)

    /// Writes `diskCount` + `s3Count` assets of `sizes(index)` bytes, under `mediaDirectory` and `prefix`, with
    /// Alice's catalog rows for them.
    init(diskCount: Int, s3Count: Int, sizes: (Int) -> Int, mediaDirectory: String, prefix: String,
         s3: any StorageBackend, catalog: SQLiteCatalog) async throws {
        self.s3 = s3
        var assets: [Asset] = []
        for index in 0..<(diskCount + s3Count) {
            let name = "campaign-\(index).bin"
            let location: StorageLocation = index < diskCount ? .disk(path: mediaDirectory + "/" + name)
                : .s3(key: prefix + "/" + name)
            assets.append(Asset(id: DemoLibrary.uuid("asset:campaign:\(prefix):\(index)"), fileName: name,
                                location: location, initialSize: sizes(index)))
        }
        self.assets = assets
        versions = Mutex([:])
        for (index, asset) in assets.enumerated() {
            try await write(Self.content(size: asset.initialSize, seed: index), to: asset)
            let path: String
            switch asset.location {
            case .disk(let file): path = file
            case .s3(let key): path = key
            }
            try await catalog.write {
                try $0.asset(NewAsset(id: asset.id, ownerID: DemoLibrary.userID("alice"), originalPath: path,
                                      originalFileName: asset.fileName,
                                      fileCreatedAt: Date(timeIntervalSince1970: 1_730_000_000 + Double(index)),
                                      fileSizeInByte: nil))
            }
        }
    }

    /// How many changes `mutate` has made.
    var mutationCount: Int { mutations.load(ordering: .relaxed) }

    /// Whether `entry` holds a version that `asset` had at some time.
    func holds(_ entry: CheckedEntry, of asset: Asset) -> Bool {
        entry.name == asset.fileName
            && versions.withLock { $0[asset.id]?.all.contains(Version(size: entry.size, crc32: entry.crc32)) } == true
    }

    /// Changes one asset, drawn by `random`: an S3 object is overwritten (half the time with a new size); a disk
    /// file is truncated in place to a random length, or replaced by a new file renamed over it.
    func mutate(using random: inout some RandomNumberGenerator) async throws {
        let asset = assets.randomElement(using: &random)!
        let seed = Int.random(in: 1...1_000_000, using: &random)
        let current = currentSize(of: asset)
        let size = Bool.random(using: &random) ? current : max(1, current + Int.random(in: -4096...4096, using: &random))
        switch asset.location {
        case .s3:
            try await write(Self.content(size: size, seed: seed), to: asset)
        case .disk(let path):
            if Bool.random(using: &random) {
                let kept = Int.random(in: 0..<max(1, current), using: &random)
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(kept))
                record(bytes, of: asset)  // before the change: a download may see it at once
                try truncate(path, to: kept)
            } else {
                try await write(Self.content(size: size, seed: seed), to: asset)
            }
        }
        mutations.add(1, ordering: .relaxed)
    }

    /// Removes the S3 objects.
    func removeObjects() async {
        for case .s3(let key) in assets.map(\.location) { try? await s3.delete(key) }
    }

    /// Records `bytes` as a version, then stores them: S3 by PUT, disk by a new file renamed over the old one.
    private func write(_ bytes: [UInt8], to asset: Asset) async throws {
        record(bytes, of: asset)
        switch asset.location {
        case .s3(let key):
            try await s3.put(key, from: .bytes(bytes))
        case .disk(let path):
            let staging = path + ".staging"
            try Data(bytes).write(to: URL(fileURLWithPath: staging))
            guard rename(staging, path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        }
    }

    private func record(_ bytes: [UInt8], of asset: Asset) {
        let crc = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let version = Version(size: UInt64(bytes.count), crc32: crc)
        versions.withLock { versions in
            versions[asset.id] = ((versions[asset.id]?.all ?? []).union([version]), bytes.count)
        }
    }

    private func currentSize(of asset: Asset) -> Int {
        versions.withLock { $0[asset.id]?.size } ?? 1
    }

    private func truncate(_ path: String, to length: Int) throws {
        guard Glibc.truncate(path, off_t(length)) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Distinct bytes for a size and seed.
    static func content(size: Int, seed: Int) -> [UInt8] {
        var generator = SplitMix64(seed: UInt64(seed))
        var words = (0..<((size + 7) / 8)).map { _ in generator.next() }
        return words.withUnsafeMutableBytes { Array($0.prefix(size)) }
    }
}
