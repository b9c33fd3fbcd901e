import ArchiveService
import ArgumentParser
import Catalog
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `gallery-archive serve`: the HTTP service over Gallery's PostgreSQL database when Immich's `DB_*` variables are
/// set (read-only), else the SQLite catalog in `--data`; storage as the `IMMICH_*` variables describe it.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the download service.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 2284
    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try LogSettings(environment: environment).bootstrap()
        let logger = Logger(label: "gallery-archive")
        let storage = try StorageSetup(environment: environment)
        let settings = try ServiceSettings(environment: environment)
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: logger)
        logger.info("catalog: \(choice.description)")
        let dependencies = ArchiveDependencies(catalog: choice.catalog, storage: storage.router, s3Limiter: storage.limiter,
                                               storageEvents: storage.events, settings: settings)
        logger.info("starting", metadata: [
            "address": "\(host):\(port)", "mediaRoots": "\(storage.config.mediaRoots)",
            "readOnlyRoots": "\(storage.config.readOnlyRoots)",
            "s3": "\(storage.config.s3.map { "\($0.bucket) (\($0.serveMode))" } ?? "off")",
            "sendTimeout": "\(settings.sendTimeout)", "downloadsPerClient": "\(settings.clientBounds)",
        ])
        try await ArchiveApplication.run(dependencies, host: host, port: port, services: choice.services, logger: logger)
    }
}
