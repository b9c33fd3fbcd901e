/// The dual-backend routing rule of DESIGN §2: the format of a stored path says where it lives, so the catalog
/// needs no schema change. Pure functions; the backends themselves live elsewhere.
public enum StorageRouting {
    /// S3's limit on a key's UTF-8 length.
    public static let maxS3KeyBytes = 1024

    /// Decides the backend for a stored `originalPath`:
    /// - an absolute path (`/…`, including `//…`, which POSIX also treats as absolute) → disk;
    /// - a relative key (`library/<user>/…`) → S3.
    ///
    /// Rejected, because no backend can hold them safely: the empty key; a NUL byte; Windows paths (`C:\…`, `C:/…`,
    /// `\\server\…`: Gallery stores POSIX paths, and read as an S3 key such a path would silently miss); relative keys
    /// with `.` or `..` segments (HTTP clients such as curl remove dot segments before sending, so the object could
    /// not be addressed, and `..` could step outside a key prefix); keys longer than S3's 1024 bytes.
    public static func resolveBackendForKey(_ key: String) throws -> StorageLocation {
        func reject(_ reason: String) -> StorageKeyError { StorageKeyError(key: key, reason: reason) }
        guard !key.isEmpty else { throw reject("it is empty") }
        guard !key.utf8.contains(0) else { throw reject("it contains a NUL byte") }
        if key.hasPrefix("/") { return .disk(path: key) }
        if looksLikeWindowsPath(key) {
            throw reject("it looks like a Windows path; stored paths are absolute POSIX paths or relative S3 keys")
        }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else {
            throw reject("an S3 key may not contain '.' or '..' segments")
        }
        guard key.utf8.count <= maxS3KeyBytes else {
            throw reject("it is longer than S3's \(maxS3KeyBytes)-byte key limit")
        }
        return .s3(key: key)
    }

    /// Where a new file with the relative storage path `relativePath` (`library/<user>/…`) is written:
    /// an S3 object under that key, or that path below the first media root, as `IMMICH_STORAGE_BACKEND` says.
    /// The result routes back to the same backend through `resolveBackendForKey`.
    public static func locationForNewFile(_ relativePath: String, config: StorageConfig) throws -> StorageLocation {
        guard case .s3(let key) = try resolveBackendForKey(relativePath) else {
            throw StorageKeyError(key: relativePath, reason: "a new file needs a relative path, not an absolute one")
        }
        switch config.writeBackend {
        case .s3:
            return .s3(key: key)
        case .disk:
            let root = config.mediaRoots.first ?? StorageConfig.defaultMediaRoot
            return .disk(path: root == "/" ? "/" + key : root + "/" + key)
        }
    }

    /// `C:\…`, `C:/…`, a bare `C:`, or a leading backslash (`\\server\share`, `\path`).
    private static func looksLikeWindowsPath(_ key: String) -> Bool {
        if key.hasPrefix("\\") { return true }
        let bytes = Array(key.utf8.prefix(3))
        guard bytes.count >= 2, bytes[1] == UInt8(ascii: ":") else { return false }
        let isLetter = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0] & ~0x20)
        return isLetter && (bytes.count == 2 || bytes[2] == UInt8(ascii: "\\") || bytes[2] == UInt8(ascii: "/"))
    }
}
