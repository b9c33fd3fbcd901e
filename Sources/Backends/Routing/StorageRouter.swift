/// Both backends at once (DESIGN §2): a stored path's format picks the one that holds it.
public struct StorageRouter: Sendable {
    public let disk: any StorageBackend
    /// nil when no bucket is configured; relative keys then cannot be read.
    public let s3: (any StorageBackend)?

    public init(disk: any StorageBackend, s3: (any StorageBackend)?) {
        self.disk = disk
        self.s3 = s3
    }

    /// The backend and key for a stored `originalPath` (or edited file path).
    public func locate(_ path: String) throws -> (backend: any StorageBackend, key: String) {
        switch try StorageRouting.resolveBackendForKey(path) {
        case .disk(let diskPath):
            return (disk, diskPath)
        case .s3(let key):
            guard let s3 else {
                throw StorageError.backend(key: key, detail: "this is an S3 key but no S3 bucket is configured")
            }
            return (s3, key)
        }
    }
}
