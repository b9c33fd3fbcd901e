import ArchiveService
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `gallery-archive serve`: the HTTP service over the SQLite catalog in `--data` and the storage the
/// `IMMICH_*` environment variables describe.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the download service.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 2284
    @Option(help: "Data directory holding catalog.sqlite.") var data = "data"

    func run() async throws {
        var logger = Logger(label: "gallery-archive")
        logger.logLevel = .info
        let storage = try StorageSetup(environment: ProcessInfo.processInfo.environment)
        let catalog = try SQLiteCatalog(directory: data)
        let dependencies = ArchiveDependencies(catalog: catalog, storage: storage.router, s3Limiter: storage.limiter)
        logger.info("starting", metadata: [
            "address": "\(host):\(port)", "mediaRoots": "\(storage.config.mediaRoots)",
            "s3": "\(storage.config.s3.map { "\($0.bucket) (\($0.serveMode))" } ?? "off")",
        ])
        let app = ArchiveApplication.make(dependencies, host: host, port: port, logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
