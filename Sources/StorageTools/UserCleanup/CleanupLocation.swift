import Backends

/// One place a user's folders may be: the bucket, or one writable media root on disk.
public struct CleanupLocation: Sendable {
    /// How the operator knows the place: `S3 bucket gallery`, `disk /usr/src/app/upload`.
    public let name: String
    let backend: any PrefixListing
    /// The backend's key for a folder (`library/alice`): the same relative key in the bucket, the absolute path
    /// under the root on disk.
    let key: @Sendable (String) -> String

    public static func bucket(_ backend: S3StorageBackend) -> CleanupLocation {
        CleanupLocation(name: "S3 bucket \(backend.bucketName)", backend: backend, key: { $0 })
    }

    public static func disk(_ backend: DiskStorageBackend, root: String) -> CleanupLocation {
        let base = root.hasSuffix("/") ? root : root + "/"
        return CleanupLocation(name: "disk \(root)", backend: backend, key: { base + $0 })
    }
}
