import Foundation

extension DiskStorageBackend: PrefixListing {
    /// Counts the files in the directory tree `prefix` names, as `deletePrefix` would remove them: every entry that
    /// is not a directory is one object (a symbolic link is counted, never followed); a missing tree is empty.
    public func inventory(_ prefix: String) async throws -> PrefixInventory {
        try await BlockingIO.run { [roots] in
            let path = try roots.resolveForWriting(prefix)
            guard !roots.isRoot(path) else {
                throw StorageError.invalidKey(key: prefix, reason: "a media root is not a user's folder")
            }
            return try Self.inventory(ofTree: path, key: prefix)
        }
    }

    private static func inventory(ofTree path: String, key: String) throws -> PrefixInventory {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return PrefixInventory() }
            throw error(errno, key: key)
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            let bytes = (status.st_mode & S_IFMT) == S_IFREG ? Int64(status.st_size) : 0
            return PrefixInventory(objects: 1, bytes: bytes)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw StorageError.backend(key: key, detail: "cannot list \(path): \(error)")
        }
        return try names.reduce(PrefixInventory()) { total, name in
            total + (try inventory(ofTree: path + "/" + name, key: key))
        }
    }
}
