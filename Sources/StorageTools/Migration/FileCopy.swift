import Backends
import Foundation

/// One file copied between any two stored paths (disk or S3, either way), then both read back and compared by
/// SHA-256 and size: the copy is trusted only once its bytes are proven equal to the original's.
struct FileCopy: Sendable {
    let storage: StorageRouter

    /// Copies `from` to `to` and answers the byte count.
    func copy(_ from: String, to: String) async throws -> Int64 {
        let (source, sourceKey) = try storage.locate(from)
        let (target, targetKey) = try storage.locate(to)
        // An S3 original comes down to a temporary file first (removed whatever happens); a disk one is read in place.
        let local = try await source.downloadToTemp(sourceKey)
        defer { local.cleanup() }
        try await target.put(targetKey, from: .file(path: local.path))
        let original = try await Self.digest(source.get(sourceKey, range: nil))
        let copied = try await Self.digest(target.get(targetKey, range: nil))
        guard original == copied else {
            throw StorageError.backend(key: targetKey, detail: "the copy of \(from) reads back different from the original")
        }
        return original.size
    }

    private static func digest(_ stream: StorageByteStream) async throws -> (sha256: String, size: Int64) {
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        for try await chunk in stream {
            hasher.update(chunk.readableBytesView)
            size += Int64(chunk.readableBytes)
        }
        return (hasher.finalizeHex(), size)
    }
}
