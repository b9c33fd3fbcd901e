import Backends
import Foundation

/// One file copied between any two stored paths (disk or S3, either way), trusted only once proven: the original
/// is read and, where Gallery keeps the SHA-1 of its bytes, checked against it before anything is written (a
/// damaged original stays where it is, reported); the copy is then read back and compared by SHA-256 and size.
struct FileCopy: Sendable {
    let storage: StorageRouter

    /// Copies `from` to `to` and answers the byte count; `sha1` is Gallery's checksum of the bytes, when known.
    func copy(_ from: String, to: String, sha1: [UInt8]? = nil) async throws -> Int64 {
        let (source, sourceKey) = try storage.locate(from)
        let (target, targetKey) = try storage.locate(to)
        let original = try await Self.digest(source.get(sourceKey, range: nil), sha1: sha1 != nil)
        if let sha1, original.sha1 != sha1 {
            throw StorageError.backend(key: sourceKey, detail:
                "\(from) does not match Gallery's checksum (SHA-1 \(Digests.hex(original.sha1 ?? [])), "
                + "the catalog has \(Digests.hex(sha1))): not moved")
        }
        // An S3 original comes down to a temporary file first (removed whatever happens); a disk one is read in place.
        let local = try await source.downloadToTemp(sourceKey)
        defer { local.cleanup() }
        try await target.put(targetKey, from: .file(path: local.path))
        let copied = try await Self.digest(target.get(targetKey, range: nil), sha1: false)
        guard original.sha256 == copied.sha256, original.size == copied.size else {
            throw StorageError.backend(key: targetKey, detail: "the copy of \(from) reads back different from the original")
        }
        return original.size
    }

    private static func digest(_ stream: StorageByteStream, sha1 wantsSHA1: Bool)
        async throws -> (sha256: [UInt8], sha1: [UInt8]?, size: Int64) {
        var sha256 = DigestHasher(.sha256)
        var sha1 = wantsSHA1 ? DigestHasher(.sha1) : nil
        var size: Int64 = 0
        for try await chunk in stream {
            sha256.update(chunk.readableBytesView)
            sha1?.update(chunk.readableBytesView)
            size += Int64(chunk.readableBytes)
        }
        return (sha256.finalize(), sha1?.finalize(), size)
    }
}
