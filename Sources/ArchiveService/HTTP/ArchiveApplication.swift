import Foundation
import Catalog
import Backends
import ServiceLifecycle
import UnixSignals
import Hummingbird
import Logging

/// Everything the HTTP layer uses, built once at start-up and shared by every request.
public struct ArchiveDependencies: Sendable {
    public let catalog: any Catalog
    public let storage: StorageRouter
    public let metrics: ServiceMetrics
    public let authenticator: Authenticator
    public let downloads: DownloadService
    public let settings: ServiceSettings
    /// Per-client bounds on concurrent downloads.
    let admission: DownloadAdmission
    /// Set once a graceful shutdown begins.
    public let drain = DrainState()
    /// The read-ahead budget shared by all archive downloads (see `ReadAhead`): half the S3 connection limit.
    let readAheadBudget: ConnectionLimiter
    /// GET download links, kept in the catalog.
    let links: DownloadLinks

    /// - Parameters:
    ///   - s3Limiter: the global S3 connection limiter the S3 backend uses (nil without S3).
    ///   - storageEvents: the storage layer's retries, resumes, credential failures and paused streams, at /metrics.
    ///   - settings: the service's bounds and deadlines (`GALLERY_ARCHIVE_*`).
    ///   - maxAssetsPerArchive: the most assets in one archive (and ids in one request).
    public init(catalog: any Catalog, storage: StorageRouter, s3Limiter: ConnectionLimiter?,
                storageEvents: StorageEvents? = nil, settings: ServiceSettings = ServiceSettings(),
                maxAssetsPerArchive: Int = DownloadService.defaultMaxAssetsPerArchive) {
        self.catalog = catalog
        self.storage = storage
        self.settings = settings
        metrics = ServiceMetrics(limiter: s3Limiter, storageEvents: storageEvents)
        authenticator = Authenticator(catalog: catalog, passwordFailures: settings.passwordFailures,
                                      passwordWindow: settings.passwordWindow)
        admission = DownloadAdmission(bounds: settings.clientBounds)
        downloads = DownloadService(catalog: catalog, storage: storage, storageTimeout: settings.storageTimeout,
                                    maxAssetsPerArchive: maxAssetsPerArchive)
        readAheadBudget = ConnectionLimiter(limit: max(1, (s3Limiter?.limit ?? 32) / 2))
        links = DownloadLinks(store: catalog, catalog: catalog, lifetime: settings.downloadLinkLifetime, now: { Date() })
    }
}

extension ArchiveDependencies {
    /// The principal allowed to download what `request` asks for, and the client's address (the peer, or what a
    /// trusted proxy says it saw), which the per-client bounds count by.
    func downloader(of request: Request, context: ArchiveRequestContext) async throws
        -> (principal: Principal, address: String) {
        let address = context.clientAddress(of: request, trustedProxies: settings.trustedProxies)
        return (try await authenticator.downloader(of: request, from: address, permission: .assetDownload), address)
    }
}

/// The HTTP service of DESIGN §4.
public enum ArchiveApplication {
    /// The router with every route; tests drive it directly or through a live server.
    public static func router(_ dependencies: ArchiveDependencies) -> Router<ArchiveRequestContext> {
        let router = Router(context: ArchiveRequestContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: DrainMiddleware(state: dependencies.drain))
        DownloadRoutes(dependencies: dependencies).register(on: router)
        DownloadLinkRoutes(dependencies: dependencies).register(on: router)
        SharePageRoutes(dependencies: dependencies).register(on: router)
        OriginalRoute(dependencies: dependencies).register(on: router)
        OpenAPIRoute().register(on: router)
        OperationsRoutes(metrics: dependencies.metrics, catalog: dependencies.catalog,
                         servesMetrics: dependencies.settings.metricsAddress == nil).register(on: router)
        return router
    }

    /// `/metrics` and `/health` alone, for `GALLERY_ARCHIVE_METRICS_ADDRESS`.
    static func operationsRouter(_ dependencies: ArchiveDependencies) -> Router<ArchiveRequestContext> {
        let router = Router(context: ArchiveRequestContext.self)
        OperationsRoutes(metrics: dependencies.metrics, catalog: dependencies.catalog).register(on: router)
        return router
    }

    /// Runs the server on `host:port` with `services` (the PostgreSQL catalog) beside it until SIGTERM/SIGINT (or the
    /// group's own graceful shutdown): then new requests get 503, the server stops accepting connections and lets
    /// running downloads finish for `settings.shutdownTimeout`, and cuts off what still runs after that (counted as
    /// aborts).
    public static func run(_ dependencies: ArchiveDependencies, host: String, port: Int, services: [any Service] = [],
                           signals: [UnixSignal] = [.sigterm, .sigint], logger: Logger) async throws {
        try await serviceGroup(dependencies, app: make(dependencies, host: host, port: port, services: services,
                                                       logger: logger),
                               signals: signals, logger: logger).run()
    }

    /// The service group `run` runs: `app`, then the drain watcher (graceful shutdown goes in reverse order, so the
    /// drain begins before the server stops accepting).
    public static func serviceGroup(_ dependencies: ArchiveDependencies, app: some Service, signals: [UnixSignal],
                                    logger: Logger) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if let (host, port) = dependencies.settings.metricsAddress {
            services.append(.init(service: Application(
                router: operationsRouter(dependencies),
                configuration: .init(address: .hostname(host, port: port), serverName: "gallery-archive-metrics"),
                logger: logger)))
        }
        services.append(.init(service: DrainWatcher(state: dependencies.drain)))
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals,
                                                      logger: logger)
        configuration.maximumGracefulShutdownDuration = dependencies.settings.shutdownTimeout
        return ServiceGroup(configuration: configuration)
    }

    /// The server on `host:port`, with `services` (the PostgreSQL catalog) run beside it and stopped after it.
    public static func make(_ dependencies: ArchiveDependencies, host: String, port: Int, services: [any Service] = [],
                            logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(dependencies),
            configuration: .init(address: .hostname(host, port: port), serverName: "gallery-archive"),
            services: services, logger: logger)
    }
}
