import Foundation
import NIOCore

/// Where originals live: the seed's storage interface, one implementation per storage kind.
///
/// Keys are what the catalog stores in `originalPath`: an absolute path for a disk file, a relative key
/// (`library/<user>/…`) for an S3 object. Every error names the key it concerns (`StorageError`).
public protocol StorageBackend: Sendable {
    /// Stores `source` under `key`, replacing any previous object atomically (readers see old or new, never half).
    func put(_ key: String, from source: StorageSource) async throws

    /// The object's bytes, or those of `range`, as a pull-based stream whose producer stays a bounded number of
    /// bytes ahead of the consumer. Fails before the first byte if the object is missing or unreadable.
    func get(_ key: String, range: ByteRange?) async throws -> StorageByteStream

    /// Size, entity tag and modification time.
    func head(_ key: String) async throws -> ObjectInfo

    func exists(_ key: String) async throws -> Bool

    /// Removes the object; removing a missing object succeeds.
    func delete(_ key: String) async throws

    /// Removes every object under `prefix`. Idempotent: a second run (or a rerun after a failure) is safe.
    func deletePrefix(_ prefix: String) async throws

    /// How the HTTP layer should hand the object to a client.
    func serveStrategy(for key: String, options: ServeOptions) async throws -> ServeStrategy

    /// A local file holding the object, for tools that need a path (ffmpeg, exiftool). Call `cleanup` when done.
    func downloadToTemp(_ key: String) async throws -> TempFile
}

extension StorageBackend {
    /// Whether `head` finds the object; any error other than "not found" is rethrown, never read as absence.
    public func exists(_ key: String) async throws -> Bool {
        do {
            _ = try await head(key)
            return true
        } catch StorageError.notFound {
            return false
        }
    }

    /// The whole object.
    public func get(_ key: String) async throws -> StorageByteStream {
        try await get(key, range: nil)
    }
}

/// What `put` stores.
public enum StorageSource: Sendable {
    /// A local file, read in bounded pieces (never loaded whole).
    case file(path: String)
    case bytes([UInt8])
}

/// A byte range of an object: `length == nil` reads to the end.
public struct ByteRange: Sendable, Equatable {
    public var offset: Int64
    public var length: Int64?
    /// The version the bytes must come from, as `head` tagged it: S3 sends it as `If-Match` from the first byte,
    /// so an object replaced since it was planned fails (`StorageError.objectChanged`) instead of mixing versions
    /// under one archive ETag. Disk files ignore it (their reads are checked by size, and by CRC where known).
    public var version: String?

    public init(offset: Int64, length: Int64? = nil, version: String? = nil) {
        self.offset = offset
        self.length = length
        self.version = version
    }
}

/// What `head` reports.
public struct ObjectInfo: Sendable, Equatable {
    public var size: Int64
    /// S3's ETag (quotes included, as S3 sends it); for disk files a tag derived from inode, size and mtime.
    public var etag: String
    public var modified: Date
    /// The CRC-32 of the whole object when the storage keeps one (S3's full-object `ChecksumCRC32`): an archive
    /// can then place it in the local header without reading a byte.
    public var crc32: UInt32?

    public init(size: Int64, etag: String, modified: Date, crc32: UInt32? = nil) {
        self.size = size
        self.etag = etag
        self.modified = modified
        self.crc32 = crc32
    }
}

/// What a client should see when an original is served.
public struct ServeOptions: Sendable, Equatable {
    public var contentType: String?
    /// The name the browser saves the file as (`Content-Disposition: attachment`).
    public var downloadFileName: String?

    public init(contentType: String? = nil, downloadFileName: String? = nil) {
        self.contentType = contentType
        self.downloadFileName = downloadFileName
    }
}

/// How an original reaches the client.
public enum ServeStrategy: Sendable {
    /// Send this local file.
    case file(path: String)
    /// Redirect the client to this URL (a presigned S3 GET carrying the requested headers).
    case redirect(url: String)
    /// Proxy these bytes through the server.
    case stream(StorageByteStream, info: ObjectInfo)
}

/// A local copy of an object and the means to remove it.
public struct TempFile: Sendable {
    public let path: String
    private let remove: @Sendable () -> Void

    public init(path: String, cleanup: @escaping @Sendable () -> Void) {
        self.path = path
        self.remove = cleanup
    }

    /// Removes the temporary copy (a no-op when `path` is the original disk file itself).
    public func cleanup() { remove() }
}
