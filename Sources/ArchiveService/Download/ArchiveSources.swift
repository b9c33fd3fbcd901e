import Backends
import Catalog
import Foundation

/// Where each entry of an archive comes from, held for as long as the archive streams, so held compactly: every
/// stored path and storage tag as bytes in one buffer, every asset id as its 16 bytes, one 24-byte record per entry.
///
/// An entry used to keep a `ReadAhead.Source` (a backend existential, key and tag strings), its asset id as a
/// string and a `StoredFileIdentity`: about 300 bytes in five allocations. The backend is found again from the
/// path (`StorageRouter.locate`, a prefix check) when the entry is opened; the path was located once already when
/// the archive was planned, so a path no backend can read fails before the first byte.
///
/// The small S3 objects read whole while planning are here too (`prefetched`), until their entries are written.
struct ArchiveSources: Sendable {
    private struct Record: Sendable {
        let size: UInt64
        /// Where the path starts in `bytes`; the tag, if any, follows it.
        let start: UInt32
        let pathLength: UInt32
        /// The storage tag's length, or `Record.noTag`.
        let tagLength: UInt32

        static let noTag = UInt32.max
    }

    private let storage: StorageRouter
    private var records: [Record] = []
    private var bytes: [UInt8] = []
    private var assetIDs: [UUID] = []
    /// The bytes of the entries read whole while planning, each served once with no request.
    let prefetched: PrefetchedEntries

    /// `items`' sources, in order, with the bytes of those read whole; throws (naming the path) when no backend can
    /// read one.
    init(_ items: [ArchiveItem], storage: StorageRouter, prefetched: PrefetchedEntries) throws {
        self.storage = storage
        self.prefetched = prefetched
        records.reserveCapacity(items.count)
        assetIDs.reserveCapacity(items.count)
        // Reserved to the byte: grown by doubling, the buffer would hold a quarter more than it needs, on average.
        bytes.reserveCapacity(items.reduce(0) { $0 + $1.path.utf8.count + ($1.storageTag?.utf8.count ?? 0) })
        for item in items {
            _ = try storage.locate(item.path)
            let start = UInt32(bytes.count)
            bytes.append(contentsOf: item.path.utf8)
            let pathLength = UInt32(bytes.count) - start
            bytes.append(contentsOf: item.storageTag?.utf8 ?? "".utf8)
            let tagLength = item.storageTag == nil ? Record.noTag : UInt32(bytes.count) - start - pathLength
            records.append(Record(size: item.size, start: start, pathLength: pathLength, tagLength: tagLength))
            assetIDs.append(item.assetID)
        }
    }

    var count: Int { records.count }

    func size(at index: Int) -> UInt64 { records[index].size }

    /// Whether entry `index` is a disk file: its path is absolute (GALLERY-SCHEMA.md: a relative path is an S3 key).
    func isOnDisk(_ index: Int) -> Bool {
        records[index].pathLength > 0 && bytes[Int(records[index].start)] == UInt8(ascii: "/")
    }

    /// What the read-ahead opens for entry `index`.
    func source(at index: Int) throws -> ReadAhead.Source {
        let (backend, key) = try storage.locate(path(at: index))
        return ReadAhead.Source(backend: backend, key: key, size: records[index].size, version: tag(at: index))
    }

    /// The file version entry `index` was planned from, as the CRC cache knows it; nil without a storage tag.
    func identity(at index: Int) -> StoredFileIdentity? {
        tag(at: index).map {
            StoredFileIdentity(assetID: assetIDs[index], path: path(at: index), size: size(at: index), tag: $0)
        }
    }

    private func path(at index: Int) -> String {
        let record = records[index]
        let start = Int(record.start)
        return String(decoding: bytes[start..<(start + Int(record.pathLength))], as: UTF8.self)
    }

    private func tag(at index: Int) -> String? {
        let record = records[index]
        guard record.tagLength != Record.noTag else { return nil }
        let start = Int(record.start + record.pathLength)
        return String(decoding: bytes[start..<(start + Int(record.tagLength))], as: UTF8.self)
    }
}
