import Catalog
import Backends
import Foundation
import ZipStream

/// One asset as it goes into an archive: its id, name and time, which stored file, how many bytes, and its storage
/// tag. Only what the archive needs of the asset: a timeline plans a quarter of a million of these.
struct ArchiveItem: Sendable {
    var assetID: UUID
    /// `originalFileName`, before sanitising and de-duplication.
    var fileName: String
    /// `fileModifiedAt`, in whole seconds since 1970.
    var modified: Int64
    /// `originalPath`, or the edited full-size file's path when the edited version was asked for.
    var path: String
    var size: UInt64
    /// The backend's tag (S3 ETag, disk inode/size/mtime); nil when the size came from the catalog alone.
    var storageTag: String?
    /// The file's CRC-32 when known before reading it: from the storage (S3's checksum) or the CRC cache.
    var crc32: UInt32?

    /// What the CRC cache knows this version of the file by; nil without a storage tag.
    var identity: StoredFileIdentity? {
        storageTag.map { StoredFileIdentity(assetID: assetID, path: path, size: size, tag: $0) }
    }
}

/// Turns items into ZIP entries: names from `originalFileName`, sanitised and de-duplicated case-insensitively in
/// item order (`name+1.ext`, Gallery's suffix), mtime from `fileModifiedAt` (never "now": the same request must give
/// the same bytes), stored (photos and videos do not compress, and stored plans have an exact length).
enum ArchiveLayout {
    static func entries(for items: some Collection<ArchiveItem>) -> [ZipEntry] {
        var names = ZipNameAllocator()
        return items.map { item in
            ZipEntry(
                name: names.claim(item.fileName), size: item.size, modified: item.modified, crc32: item.crc32)
        }
    }

    /// A strong ETag over everything that decides the bytes: entry names, sizes, mtimes, methods, the CRC-32s
    /// known in advance (they decide the layout: descriptor or not) and the storage tags of the sources. Two
    /// identical requests get the same tag; a replaced file, or a CRC learnt since, gets a new one.
    static func etag(plan: ZipPlan, items: [ArchiveItem]) -> String {
        // Hashed entry by entry: the description of a large album would be megabytes as one string.
        var hasher = DigestHasher(.sha256)
        hasher.update("gallery-archive/2\n".utf8)
        for (entry, item) in zip(plan.entries, items) {
            hasher.update("\(entry.name)\u{0}\(entry.size)\u{0}\(entry.modified)\u{0}\(entry.method)\u{0}".utf8)
            hasher.update("\(entry.crc32.map { String($0, radix: 16) } ?? "-")\u{0}".utf8)
            hasher.update("\(item.assetID.lowercased)\u{0}\(item.storageTag ?? "")\n".utf8)
        }
        return "\"" + hasher.finalizeHex().prefix(32) + "\""
    }
}

extension ArchiveItem {
    init(_ asset: AssetRecord, path: String, size: UInt64, storageTag: String?, crc32: UInt32? = nil) {
        self.init(assetID: asset.id, fileName: asset.originalFileName,
                  modified: Int64(asset.fileModifiedAt.timeIntervalSince1970.rounded(.down)), path: path, size: size,
                  storageTag: storageTag, crc32: crc32)
    }

    /// `asset`'s file as the backend reported it (size, tag, its stored CRC-32), or with `crc32` computed from the
    /// bytes themselves.
    init(_ asset: AssetRecord, path: String, info: ObjectInfo, crc32: UInt32?) {
        self.init(asset, path: path, size: UInt64(info.size), storageTag: info.etag, crc32: crc32 ?? info.crc32)
    }
}
