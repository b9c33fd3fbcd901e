import Backends

/// Builds both storage backends from the seed's environment variables (`StorageConfig`): disk always, S3 when a
/// bucket is configured, sharing one global S3 connection limiter (`IMMICH_S3_MAX_CONNECTIONS`).
public struct StorageSetup: Sendable {
    public let config: StorageConfig
    public let router: StorageRouter
    /// The global S3 connection limiter; nil without S3.
    public let limiter: ConnectionLimiter?
    /// Retries, resumed reads and failed credential refreshes, logged and counted.
    public let events = StorageEvents()

    /// Throws `StorageConfigError` naming the variable when a value is wrong, before anything starts.
    public init(environment: [String: String]) throws {
        config = try StorageConfig(environment: environment)
        let disk = DiskStorageBackend(roots: try MediaRoots(config.mediaRoots, readOnly: config.readOnlyRoots))
        guard let s3Config = config.s3 else {
            limiter = nil
            router = StorageRouter(disk: disk, s3: nil)
            return
        }
        let (s3, limiter) = try S3StorageBackend.configured(s3Config, environment: environment, events: events)
        self.limiter = limiter
        router = StorageRouter(disk: disk, s3: s3)
    }
}
