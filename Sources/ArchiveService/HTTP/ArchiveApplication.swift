import Catalog
import Backends
import ServiceLifecycle
import Hummingbird
import Logging

/// Everything the HTTP layer uses, built once at start-up and shared by every request.
public struct ArchiveDependencies: Sendable {
    public let catalog: any Catalog
    public let storage: StorageRouter
    public let metrics: ServiceMetrics
    public let authenticator: Authenticator
    public let downloads: DownloadService
    /// The read-ahead budget shared by all archive downloads (see `ReadAhead`): half the S3 connection limit.
    let readAheadBudget: ConnectionLimiter

    /// - Parameters:
    ///   - s3Limiter: the global S3 connection limiter the S3 backend uses (nil without S3).
    ///   - maxAssetsPerArchive: the most assets in one archive (and ids in one request).
    public init(catalog: any Catalog, storage: StorageRouter, s3Limiter: ConnectionLimiter?,
                maxAssetsPerArchive: Int = DownloadService.defaultMaxAssetsPerArchive) {
        self.catalog = catalog
        self.storage = storage
        metrics = ServiceMetrics(limiter: s3Limiter)
        authenticator = Authenticator(catalog: catalog)
        downloads = DownloadService(catalog: catalog, storage: storage, maxAssetsPerArchive: maxAssetsPerArchive)
        readAheadBudget = ConnectionLimiter(limit: max(1, (s3Limiter?.limit ?? 32) / 2))
    }
}

/// The HTTP service of DESIGN §4.
public enum ArchiveApplication {
    /// The router with every route; tests drive it directly or through a live server.
    public static func router(_ dependencies: ArchiveDependencies) -> Router<ArchiveRequestContext> {
        let router = Router(context: ArchiveRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        DownloadRoutes(dependencies: dependencies).register(on: router)
        OriginalRoute(dependencies: dependencies).register(on: router)
        OperationsRoutes(metrics: dependencies.metrics, catalog: dependencies.catalog).register(on: router)
        return router
    }

    /// The server on `host:port`, with `services` (the PostgreSQL catalog) run beside it and stopped after it. Run it
    /// with `runService()`: SIGTERM/SIGINT start a graceful shutdown that stops accepting connections and lets running
    /// downloads finish.
    public static func make(_ dependencies: ArchiveDependencies, host: String, port: Int, services: [any Service] = [],
                            logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(dependencies),
            configuration: .init(address: .hostname(host, port: port), serverName: "gallery-archive"),
            services: services, logger: logger)
    }
}
