import Catalog
import ArchiveService
import Backends
import Foundation
import Hummingbird
import HummingbirdTesting

/// The demo library (fixtures/media) seeded into a fresh temporary data directory, served by a live server on
/// 127.0.0.1 for each test.
struct TestService: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = repository + "/fixtures"

    let directory: String
    let catalog: SQLiteCatalog
    let storage: StorageSetup
    let dependencies: ArchiveDependencies
    let albumDownloadIDs: [String]

    /// - Parameters:
    ///   - environment: extra `IMMICH_*` variables (S3 settings).
    ///   - wrapDisk: puts a fault injector in front of the real disk backend.
    static func make(environment extra: [String: String] = [:],
                     wrapDisk: (@Sendable (any StorageBackend) -> any StorageBackend)? = nil) async throws -> TestService {
        let directory = NSTemporaryDirectory() + "archive-service-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/media", withIntermediateDirectories: true)
        var environment = extra
        environment["IMMICH_MEDIA_LOCATION"] = directory + "/media"
        let storage = try StorageSetup(environment: environment)
        let ids = try await DemoSeeder(fixtures: fixtures, dataDirectory: directory, storage: storage).seed()
        let catalog = try SQLiteCatalog(directory: directory)
        let router = wrapDisk.map { StorageRouter(disk: $0(storage.router.disk), s3: storage.router.s3) } ?? storage.router
        return TestService(
            directory: directory, catalog: catalog, storage: storage,
            dependencies: ArchiveDependencies(catalog: catalog, storage: router, s3Limiter: storage.limiter),
            albumDownloadIDs: ids)
    }

    /// Runs `body` against a live server on 127.0.0.1 (an ephemeral port), then removes the data directory.
    func run<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let app = Application(router: ArchiveApplication.router(dependencies),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live, body)
    }

    /// The bytes of a file under the media root.
    func mediaFile(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/media/" + relative)))
    }
}
