/// One member of an archive, described before any of its bytes exist.
///
/// An archive is planned from a list of these (`ZipPlan`), so its exact length is known before the first byte
/// is sent. Everything here must come from the source (the catalog), never from the clock, so the same request
/// gives the same bytes twice.
public struct ZipEntry: Sendable, Hashable {
    /// How an entry's data is stored.
    public enum Method: Sendable, Hashable {
        /// Stored as is: the default, since photos and videos do not compress, and the only method whose
        /// archive length is known in advance.
        case stored
        /// Deflated by zlib at `level` (1...9); the archive's length is then unknown and it is sent chunked.
        case deflated(level: Int32 = 6)
    }

    /// Whether the entry is a file or a directory.
    public enum Kind: Sendable, Hashable {
        case file
        case directory
    }

    /// The path inside the archive: "/"-separated, already sanitised (see `ZipNames`); directories end in "/".
    public var name: String
    /// The uncompressed size in bytes (0 for a directory).
    public var size: UInt64
    /// The modification time, in seconds since 1970-01-01 UTC.
    public var modified: Int64
    /// How the data is stored.
    public var method: Method
    /// The CRC-32 of the data when known in advance (a cache, the storage's checksum): the entry then needs no data
    /// descriptor, and a range of the archive needs no earlier entry's bytes. The writer still checks it whenever
    /// it reads the whole entry.
    public var crc32: UInt32?
    /// File or directory.
    public var kind: Kind

    /// A file entry.
    public init(name: String, size: UInt64, modified: Int64, method: Method = .stored, crc32: UInt32? = nil) {
        self.name = name
        self.size = size
        self.modified = modified
        self.method = method
        self.crc32 = crc32
        self.kind = .file
    }

    /// A directory entry; `name` gets its trailing "/" if it lacks one.
    public static func directory(_ name: String, modified: Int64) -> ZipEntry {
        var entry = ZipEntry(name: name.hasSuffix("/") ? name : name + "/", size: 0, modified: modified, crc32: 0)
        entry.kind = .directory
        return entry
    }
}
