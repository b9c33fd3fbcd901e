import Foundation

/// The directories disk keys may live in. Every key is checked lexically (no `..`, no NUL, inside a root). Reads
/// then open the file once, beneath the root's real path, following no symbolic link (`openForReading`): what is
/// checked is what is read, even if a link is swapped into the library meanwhile. Paths handed out (writes, serve
/// strategies) are checked physically instead (`realpath` of the file, or of its deepest existing ancestor, stays
/// inside the root's real path). Read-only roots (Gallery's external libraries, mounted read-only) serve reads and
/// refuse every write and delete.
public struct MediaRoots: Sendable {
    private typealias Root = (given: String, real: String, writable: Bool, depth: Int)
    /// The roots as given (absolute, normalised), as resolved on disk, whether writes may go there, and how many
    /// path components the given path has.
    private let roots: [Root]

    /// - Parameters:
    ///   - paths: the media roots; the first receives new files.
    ///   - readOnly: further roots that are only read (external libraries).
    /// - Throws: `StorageError.invalidKey` naming a root that is relative or does not exist.
    public init(_ paths: [String], readOnly: [String] = []) throws {
        guard !paths.isEmpty else { throw StorageError.invalidKey(key: "", reason: "no media root configured") }
        roots = try (paths.map { ($0, true) } + readOnly.map { ($0, false) }).map { path, writable in
            guard path.hasPrefix("/") else { throw StorageError.invalidKey(key: path, reason: "media root must be absolute") }
            guard let real = Self.realPath(path) else {
                throw StorageError.invalidKey(key: path, reason: "media root does not exist")
            }
            let given = Self.normalise(path)
            return (given, real, writable, given.split(separator: "/").count)
        }
    }

    /// The first root: where relative keys (new disk writes) are placed.
    public var writeRoot: String { roots[0].given }

    /// The confined absolute path for `key`: an absolute path inside a root, or a key relative to the write root.
    /// A blocking call (`realpath`): run it on the blocking-I/O pool.
    public func resolve(_ key: String) throws -> String {
        let (path, root, _) = try lexicallyConfined(key)
        guard let real = Self.realPathOfDeepestAncestor(path), Self.isInside(real, root.real) else {
            throw StorageError.invalidKey(key: key, reason: "resolves (through a symlink) outside the media roots")
        }
        return path
    }

    /// A read-only descriptor for the file `key` names, opened beneath its root with no symbolic link followed
    /// (see `ConfinedOpen`: links below a root are refused, even ones pointing back inside it). No `realpath`: the
    /// kernel confines the walk. A blocking call: run it on the blocking-I/O pool.
    /// - Throws: `StorageError.invalidKey` outside the roots or through a symlink; `.notFound`, `.accessDenied`.
    func openForReading(_ key: String) throws -> Int32 {
        assert(BlockingIO.isOnPoolThread, "a file opened outside the blocking-I/O pool")
        let (_, root, components) = try lexicallyConfined(key)
        // A relative key lies in the write root, the first root, which `lexicallyConfined` then found.
        let below = key.hasPrefix("/") ? components.dropFirst(root.depth) : components[...]
        guard !below.isEmpty else { throw StorageError.invalidKey(key: key, reason: "a media root is not a file") }
        do {
            return try ConfinedOpen.open(Array(below), beneath: root.real)
        } catch where error.code == ELOOP {
            throw StorageError.invalidKey(key: key, reason: "a symlink below the media root (not followed)")
        } catch {
            throw DiskStorageBackend.error(error.code, key: key)
        }
    }

    /// The normalised absolute path for `key`, the root it lies in and the key's components, from the key's text
    /// alone. Runs for every file of every archive (its stat, then its open): the key is split once, and searched
    /// for NUL as bytes (`String.contains` of a string goes through Foundation's locale-aware search).
    private func lexicallyConfined(_ key: String) throws -> (path: String, root: Root, components: [Substring]) {
        guard !key.isEmpty, !key.utf8.contains(0) else { throw StorageError.invalidKey(key: key, reason: "empty or NUL") }
        let components = key.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(where: { $0 == ".." || $0 == "." }) else {
            throw StorageError.invalidKey(key: key, reason: "path components '.' and '..' are not allowed")
        }
        let joined = components.joined(separator: "/")
        let path = key.hasPrefix("/") ? "/" + joined : writeRoot + "/" + joined
        guard let root = roots.first(where: { Self.isInside(path, $0.given) }) else {
            throw StorageError.invalidKey(key: key, reason: "outside the media roots")
        }
        return (path, root, components)
    }

    /// `resolve(key)` for a write or delete: refused inside a read-only root.
    public func resolveForWriting(_ key: String) throws -> String {
        let path = try resolve(key)
        if let root = roots.first(where: { Self.isInside(path, $0.given) }), !root.writable {
            throw StorageError.invalidKey(key: key, reason: "inside a read-only root")
        }
        return path
    }

    /// True when `path` is `root` itself (callers refuse to delete a whole root).
    public func isRoot(_ path: String) -> Bool {
        roots.contains { $0.given == Self.normalise(path) }
    }

    private static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    private static func normalise(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `realpath` of the path, or of its nearest existing ancestor when it does not exist yet (a `put`).
    private static func realPathOfDeepestAncestor(_ path: String) -> String? {
        // On NFS or SMB each step can take seconds: never on Swift's cooperative threads.
        assert(BlockingIO.isOnPoolThread, "realpath called outside the blocking-I/O pool")
        var candidate = path
        while true {
            if let real = realPath(candidate) { return real }
            if errno != ENOENT && errno != ENOTDIR { return nil }
            guard let slash = candidate.lastIndex(of: "/"), candidate != "/" else { return nil }
            candidate = slash == candidate.startIndex ? "/" : String(candidate[..<slash])
        }
    }
}
