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
        let (s3, limiter) = try Self.s3Backend(s3Config, environment: environment, events: events)
        self.limiter = limiter
        router = StorageRouter(disk: disk, s3: s3)
    }

    /// The S3 backend alone, with its connection limiter, for the commands that work on the bucket itself (`cors`)
    /// and need no media root.
    public static func s3Backend(_ config: S3Config, environment: [String: String], events: StorageEvents = StorageEvents())
        throws -> (backend: S3StorageBackend, limiter: ConnectionLimiter)
    {
        let limiter = ConnectionLimiter(limit: config.maxConnections)
        let transport = CurlTransport(configuration: .init(maxConnectionsPerHost: limiter.limit))
        let credentials = try CredentialChain.provider(
            explicit: config.credentials, environment: environment, client: transport, events: events)
        let backend = S3StorageBackend(config: config, credentials: credentials, limiter: limiter, transport: transport,
                                       events: events)
        return (backend, limiter)
    }
}
