import ArchiveService
import ArgumentParser
import Backends
import Catalog
import Foundation
import Logging
import StorageTools

/// `gallery-archive crc warm (--album ID | --user ID | --all)`: learns the CRC-32 of every file of an album, a
/// user's timeline or the whole library before anyone downloads it, so the first download is already resumable.
struct CRCWarmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warm",
        abstract: "Learn the CRC-32 of an album's, a timeline's or every file ahead of their first download.")

    @Option(help: "An album's id.") var album: String?
    @Option(help: "A user's id: their whole timeline.") var user: String?
    @Flag(help: "Every asset of every user.") var all = false
    @Option(help: "Files read at once (each S3 read also takes a connection of IMMICH_S3_MAX_CONNECTIONS).")
    var concurrency = 4
    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func validate() throws {
        guard [album != nil, user != nil, all].filter({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one of --album, --user and --all.")
        }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64.") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let storage = try StorageSetup(environment: environment)
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: Logger(label: "gallery-archive crc"))
        let (album, user, concurrency) = (self.album, self.user, self.concurrency)
        let result = try await choice.withReadyCatalog { catalog in
            let listed = if let album {
                try await catalog.albumAssets(album)
            } else if let user {
                try await catalog.timelineAssets(ownerID: user)
            } else {
                try await catalog.allAssets()
            }
            // Live photos download with their motion parts, which need not be listed themselves.
            let ids = Set(listed.map(\.id))
            let motion = Set(listed.compactMap(\.livePhotoVideoID)).subtracting(ids).map { $0.uuidString.lowercased() }
            let assets = listed + (motion.isEmpty ? [] : try await catalog.assets(ids: motion))
            let view = ProgressLine(started: .now)
            let result = try await CRCWarmer(cache: catalog, storage: storage.router, concurrency: concurrency)
                .warm(assets) { view.show(done: $0.done, total: $0.total, bytes: $0.bytesDone) }
            view.finish()
            return result
        }
        print("\(result.done) files: \(result.learnt) learnt (\(ByteText.short(result.bytesRead)) read), "
              + "\(result.alreadyKnown) already known, \(result.failures.count) failed")
        for failure in result.failures { print("✗ asset \(failure.asset.uuidString.lowercased()): \(failure.reason)") }
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}

/// `gallery-archive crc …`: the CRC-32 cache.
struct CRCCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crc", abstract: "The CRC-32 cache that makes archives resumable.", subcommands: [CRCWarmCommand.self])
}
