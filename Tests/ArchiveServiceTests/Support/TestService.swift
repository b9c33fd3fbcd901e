import ArchiveService
import Backends
import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle

/// The demo library (fixtures/media) seeded into a fresh temporary data directory, served by a live server on
/// 127.0.0.1 for each test, reading the catalog the test names: the seeded SQLite catalog itself, or a fresh
/// PostgreSQL database in one of Gallery's layouts holding the same rows (copied when the server starts, so rows a
/// test writes through `catalog.write` before `run` are there too).
struct TestService: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = repository + "/fixtures"

    let directory: String
    /// The seeded SQLite catalog; tests add rows through it whatever `kind` is.
    let catalog: SQLiteCatalog
    let kind: TestCatalog
    let storage: StorageSetup
    let router: StorageRouter
    let albumDownloadIDs: [String]
    let maxAssetsPerArchive: Int
    let settings: ServiceSettings

    /// - Parameters:
    ///   - kind: the catalog the server reads.
    ///   - environment: extra `IMMICH_*` variables (S3 settings).
    ///   - wrapDisk: puts a fault injector in front of the real disk backend.
    ///   - maxAssetsPerArchive: the most assets per archive (and ids per request).
    ///   - settings: the service's bounds and deadlines.
    static func make(_ kind: TestCatalog = .sqlite, environment extra: [String: String] = [:],
                     wrapDisk: (@Sendable (any StorageBackend) -> any StorageBackend)? = nil,
                     maxAssetsPerArchive: Int = DownloadService.defaultMaxAssetsPerArchive,
                     settings: ServiceSettings = ServiceSettings()) async throws -> TestService {
        let directory = NSTemporaryDirectory() + "archive-service-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/media", withIntermediateDirectories: true)
        var environment = extra
        environment["IMMICH_MEDIA_LOCATION"] = directory + "/media"
        let storage = try StorageSetup(environment: environment)
        let ids = try await DemoSeeder(fixtures: fixtures, dataDirectory: directory, storage: storage).seed()
        let router = wrapDisk.map { StorageRouter(disk: $0(storage.router.disk), s3: storage.router.s3) } ?? storage.router
        return TestService(directory: directory, catalog: try SQLiteCatalog(directory: directory), kind: kind,
                           storage: storage, router: router, albumDownloadIDs: ids,
                           maxAssetsPerArchive: maxAssetsPerArchive, settings: settings)
    }

    /// Runs `body` against a live server on 127.0.0.1 (an ephemeral port), then removes the data directory and
    /// the PostgreSQL database. `inspect` sees a PostgreSQL database once the rows are copied, before serving.
    func run<Value: Sendable>(inspect: (@Sendable (PostgresTestDatabase) async throws -> Void)? = nil,
                              _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard kind != .sqlite else { return try await serve(catalog, services: [], body) }
        let database = try await PostgresTestDatabase.make(layout: kind, copying: directory + "/catalog.sqlite")
        do { try await inspect?(database) } catch { await database.drop(); throw error }
        let postgres = PostgresCatalog(settings: try database.settings(), logger: Logger(label: "test-catalog"))
        do {
            let value = try await serve(postgres, services: [postgres]) { client in
                try await Self.waitUntilReady(postgres)
                return try await body(client)
            }
            await database.drop()
            return value
        } catch {
            await database.drop()
            throw error
        }
    }

    /// Serves the SQLite catalog of this data directory through a catalog and server of their own, as a server
    /// that restarts would, and keeps the directory for a later `run`.
    func serveAgain<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value)
        async throws -> Value {
        try await serve(try SQLiteCatalog(directory: directory), services: [], body)
    }

    private func serve<Value: Sendable>(_ catalog: any Catalog, services: [any Service],
                                        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value)
        async throws -> Value {
        let dependencies = ArchiveDependencies(catalog: catalog, storage: router, s3Limiter: storage.limiter,
                                               storageEvents: storage.events, settings: settings, maxAssetsPerArchive: maxAssetsPerArchive)
        let app = Application(router: ArchiveApplication.router(dependencies),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: services)
        return try await app.test(.live, body)
    }

    /// Polls the catalog's health until it has connected and read the layout (a 20 s deadline).
    static func waitUntilReady(_ catalog: PostgresCatalog) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while case .down(let reason) = catalog.health {
            guard ContinuousClock.now < deadline else { throw Psql.Failure(description: "catalog not ready: \(reason)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The bytes of a file under the media root.
    func mediaFile(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/media/" + relative)))
    }
}
