import Foundation
import NIOCore

/// Originals on the local filesystem, confined to the configured media roots.
public struct DiskStorageBackend: StorageBackend {
    public let roots: MediaRoots

    public init(roots: MediaRoots) {
        self.roots = roots
    }

    public func put(_ key: String, from source: StorageSource) async throws {
        try await BlockingIO.run {
            let path = try roots.resolveForWriting(key)
            try createParentDirectories(of: path, key: key)
            try AtomicFileWriter.write(source, to: path, key: key)
        }
    }

    /// Reads the file through one descriptor opened beneath its root (`MediaRoots.openForReading`).
    public func get(_ key: String, range: ByteRange?) async throws -> StorageByteStream {
        StorageByteStream(try await FileChunkReader.open(key: key, range: range) { [roots] in
            try roots.openForReading(key)
        })
    }

    public func head(_ key: String) async throws -> ObjectInfo {
        let status = try await BlockingIO.run { [roots] in try Self.status(of: key, in: roots) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StorageError.invalidKey(key: key, reason: "not a regular file")
        }
        let modified = Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
        let mtimeNanos = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        // Changes whenever the file is replaced (new inode from the atomic rename) or rewritten in place.
        let etag = "\"\(String(status.st_ino, radix: 16))-\(String(status.st_size, radix: 16))-\(String(mtimeNanos, radix: 16))\""
        return ObjectInfo(size: Int64(status.st_size), etag: etag, modified: modified)
    }

    /// Removes the temporary files that writes killed mid-way (their process gone) left beside `key`; answers how
    /// many. A write is a temporary file renamed over the target (`AtomicFileWriter`), so a SIGKILL leaves one.
    @discardableResult
    public func removeAbandonedTemporaryFiles(besides key: String) async throws -> Int {
        try await BlockingIO.run { [roots] in
            let directory = (try roots.resolveForWriting(key) as NSString).deletingLastPathComponent
            let abandoned = AtomicFileWriter.abandonedTemporaryFiles(in: directory)
            for path in abandoned { unlink(path) }
            return abandoned.count
        }
    }

    public func delete(_ key: String) async throws {
        try await BlockingIO.run { [roots] in
            let path = try roots.resolveForWriting(key)
            guard unlink(path) == 0 || errno == ENOENT else { throw Self.error(errno, key: key) }
        }
    }

    /// Removes the directory tree `prefix` names (a user's library folder); missing is already done.
    public func deletePrefix(_ prefix: String) async throws {
        try await BlockingIO.run { [roots] in
            let path = try roots.resolveForWriting(prefix)
            guard !roots.isRoot(path) else {
                throw StorageError.invalidKey(key: prefix, reason: "refusing to delete a media root")
            }
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch CocoaError.fileNoSuchFile {
                return
            } catch {
                throw StorageError.backend(key: prefix, detail: "\(error)")
            }
        }
    }

    public func serveStrategy(for key: String, options: ServeOptions) async throws -> ServeStrategy {
        let path = try await BlockingIO.run { [roots] in try roots.resolve(key) }
        guard try await exists(key) else { throw StorageError.notFound(key: key) }
        return .file(path: path)
    }

    /// The original file is already local: its own path, and a cleanup that leaves it alone.
    public func downloadToTemp(_ key: String) async throws -> TempFile {
        let path = try await BlockingIO.run { [roots] in try roots.resolve(key) }
        guard try await exists(key) else { throw StorageError.notFound(key: key) }
        return TempFile(path: path, cleanup: {})
    }

    private func createParentDirectories(of path: String, key: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw StorageError.backend(key: key, detail: "cannot create \(parent): \(error)")
        }
        // A symlink raced into the new chain would be caught here before a byte is written.
        _ = try roots.resolveForWriting(key)
    }

    /// `fstat` of the file `key` names, opened as `get` opens it.
    private static func status(of key: String, in roots: MediaRoots) throws -> stat {
        let descriptor = try roots.openForReading(key)
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw error(errno, key: key) }
        return status
    }

    static func error(_ code: Int32, key: String) -> StorageError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(key: key)
        case EACCES, EPERM: return .accessDenied(key: key)
        default: return .backend(key: key, detail: String(cString: strerror(code)))
        }
    }
}
