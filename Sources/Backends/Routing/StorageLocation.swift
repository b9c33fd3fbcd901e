/// Which backend holds a stored file, and its address there.
public enum StorageLocation: Sendable, Equatable {
    /// A legacy file on disk, by absolute path (the disk backend confines it to the media roots).
    case disk(path: String)
    /// An object in the configured bucket, by key.
    case s3(key: String)
}

/// A stored path or key that no backend can hold.
public struct StorageKeyError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let reason: String

    public var description: String { "storage key \"\(key)\" is invalid: \(reason)" }
}
