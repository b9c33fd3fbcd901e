import ArchiveService
import ArgumentParser
import Catalog
import Foundation
import Logging

/// `gallery-archive demo`: seeds the demo library into `--data` and prints curl commands that work against
/// `serve` started on the same data directory (`IMMICH_MEDIA_LOCATION=<data>/media`). With Immich's `DB_*`
/// variables naming an empty database with Gallery's tables, the same rows go there too, for `serve` beside it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Seed the demo catalog and print ready-to-paste curl commands.")

    @Option(help: "The fixtures directory.") var fixtures = "fixtures"
    @Option(help: "Data directory to seed.") var data = "data"
    @Option(help: "Base URL the printed commands use.") var url = "http://127.0.0.1:2284"

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        let media = URL(fileURLWithPath: data).standardizedFileURL.path + "/media"
        environment["IMMICH_MEDIA_LOCATION"] = environment["IMMICH_MEDIA_LOCATION"] ?? media
        // The disk backend refuses media roots that do not exist.
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        let storage = try StorageSetup(environment: environment)
        let seeder = DemoSeeder(fixtures: fixtures, dataDirectory: URL(fileURLWithPath: data).standardizedFileURL.path,
                                storage: storage)
        let albumAssets = try await seeder.seed()
        if let settings = try PostgresSettings.fromEnvironment(environment) {
            try await PostgresDemoLoader.load(sqlite: seeder.dataDirectory + "/catalog.sqlite", into: settings,
                                              logger: Logger(label: "gallery-archive demo"))
        }
        print(DemoCommands(url: url, albumAssets: albumAssets, withS3: storage.router.s3 != nil).text)
    }
}
