extension S3StorageBackend {
    /// The backend the `IMMICH_S3_*` settings describe, with its credential chain (explicit keys, else the
    /// standard chain read from `environment`) and a connection limiter of `IMMICH_S3_MAX_CONNECTIONS` that the
    /// caller shares with whatever else talks to the bucket.
    public static func configured(_ config: S3Config, environment: [String: String], events: StorageEvents = StorageEvents())
        throws -> (backend: S3StorageBackend, limiter: ConnectionLimiter)
    {
        let limiter = ConnectionLimiter(limit: config.maxConnections)
        let transport = CurlTransport(
            configuration: .init(maxConnectionsPerHost: limiter.limit, pausedStreams: events.pausedStreams))
        let credentials = try CredentialChain.provider(
            explicit: config.credentials, environment: environment, client: transport, events: events)
        let backend = S3StorageBackend(config: config, credentials: credentials, limiter: limiter, transport: transport,
                                       events: events)
        return (backend, limiter)
    }
}
