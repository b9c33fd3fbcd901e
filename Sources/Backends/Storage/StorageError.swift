/// Storage failures, each naming the key (or path) it concerns so an operator can find the object.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(key: String)
    case accessDenied(key: String)
    /// The key cannot be used: outside the media roots, `..`, a symlink escape, an empty name.
    case invalidKey(key: String, reason: String)
    /// The object changed while being read (its ETag no longer matches): the bytes read so far are stale.
    case objectChanged(key: String)
    /// The stored bytes do not match what was sent or promised.
    case integrity(key: String, detail: String)
    /// The backend refused or failed, after retries where they apply.
    case backend(key: String, detail: String)

    public var key: String {
        switch self {
        case .notFound(let key), .accessDenied(let key), .invalidKey(let key, _), .objectChanged(let key),
             .integrity(let key, _), .backend(let key, _):
            return key
        }
    }

    public var description: String {
        switch self {
        case .notFound(let key): return "storage object not found: \(key)"
        case .accessDenied(let key): return "access denied to storage object: \(key)"
        case .invalidKey(let key, let reason): return "invalid storage key \(key): \(reason)"
        case .objectChanged(let key): return "storage object changed while being read: \(key)"
        case .integrity(let key, let detail): return "storage object \(key) failed an integrity check: \(detail)"
        case .backend(let key, let detail): return "storage backend failed for \(key): \(detail)"
        }
    }
}
