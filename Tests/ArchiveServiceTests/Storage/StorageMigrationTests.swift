import ArchiveService
import Backends
import Catalog
import Foundation
import GRDB
import HTTPTypes
import StorageTools
import Testing

/// `storage migrate` against SeaweedFS: the demo library to the bucket and back, with a rollback, every archive the
/// same before and after; and a migration SIGKILLed at 20 random points that always completes when run again.
@Suite(.serialized, .enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct StorageMigrationTests {
    @Test func theDemoLibraryMovesToTheBucketAndBackWithTheSameArchives() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        let media = service.directory + "/media"
        let ids = Array(Set(service.albumDownloadIDs + ArchiveDownloadTests.selection + [Assets.id("s3-cloud")])).sorted()
        let before = try await Self.archive(service, ids)
        let migration = StorageMigration(store: service.catalog, storage: service.router, roots: [media], concurrency: 3)

        // To the bucket, deleting the disk originals: every path is a key, the archive unchanged.
        let toBucket = try await migration.pending(to: .s3)
        let first = try await migration.run(toBucket, batch: "to-s3", deleteSource: true)
        #expect(first.moved == toBucket.count && first.failures.isEmpty && first.conflicts.isEmpty)
        #expect(try await service.catalog.storedFiles().allSatisfy { !$0.path.hasPrefix("/") })
        #expect(try await Self.archive(service, ids) == before)
        #expect(try await migration.pending(to: .s3).isEmpty)

        // Rolled back: the disk files come back from the bucket, the paths with them.
        let undone = try await MigrationRollback(store: service.catalog, storage: service.router).run(batch: "to-s3")
        #expect(undone.moved == toBucket.count && undone.failures.isEmpty)
        #expect(try await Self.archive(service, ids) == before)
        #expect(try await migration.pending(to: .s3).count == toBucket.count)

        // To disk: the one asset that was in the bucket from the start; a second run moves nothing.
        let toDisk = try await migration.pending(to: .disk)
        #expect(toDisk.count == 1)
        _ = try await migration.run(toDisk, batch: "to-disk", deleteSource: false)
        #expect(try await service.catalog.storedFiles().allSatisfy { $0.path.hasPrefix("/") })
        #expect(try await migration.pending(to: .disk).isEmpty)
        try await service.run { client in
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(try await ZipCheck.entries(of: response.bytes).map(\.bytes) == before.map(\.bytes))
        }
    }

    /// Twenty runs, each cut by SIGKILL once the log holds a random number of steps (0 to all of them), then run
    /// again to the end, alternating directions with `--delete-source`: afterwards every catalog path reads the
    /// file's own bytes and no copy is left on the other side.
    @Test func aMigrationKilledAnywhereCompletesWhenRunAgain() async throws {
        let library = try await MigrationLibrary.make(files: 8)
        var random = SystemRandomNumberGenerator()
        for trial in 0..<20 {
            let target: MigrationTarget = trial % 2 == 0 ? .s3 : .disk
            let killAfter = Int.random(in: 0...(3 * library.files.count), using: &random)
            try await library.migrate(to: target, killingAfter: killAfter)
            try await library.migrate(to: target, killingAfter: nil)
            try await library.expectAllOn(target, trial: trial)
        }
        await library.remove()
    }

    /// A download planned before its files move reads them to its end: the migration runs while the download is
    /// stalled before its last files, with `--delete-source` and a grace period, so the originals the download has
    /// yet to open stay (deleted at once, the download is cut at the first missing one: tried); once their moves are
    /// older than the grace (zero here), a later run deletes them.
    @Test func aDownloadRunningWhileItsFilesMoveCompletes() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        let folder = "library/alice/moving-\(UUID().uuidString.lowercased())"
        let media = service.directory + "/media"
        try FileManager.default.createDirectory(atPath: media + "/" + folder, withIntermediateDirectories: true)
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        let files = (0..<4).map { index in
            (id: UUID().uuidString.lowercased(), path: "\(media)/\(folder)/part-\(index).bin",
             bytes: Array(random.readData(ofLength: 4 << 20)))
        }
        try await service.catalog.write { writer in
            for (index, file) in files.enumerated() {
                try Data(file.bytes).write(to: URL(fileURLWithPath: file.path))
                try writer.asset(NewAsset(id: file.id, ownerID: DemoLibrary.userID("alice"), originalPath: file.path,
                                          originalFileName: "part-\(index).bin",
                                          fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000 + Double(index)),
                                          fileSizeInByte: Int64(file.bytes.count)))
            }
        }
        let ids = files.map(\.id)
        try await service.run { client in
            let json = #"{"assetIds":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
            let download = try await StalledClient.open(port: try #require(client.port), request: StalledClient.post(
                "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"), json: json))
            #expect(try await MetricsProbe.poll(client, within: .seconds(30)) { $0["gallery_archive_archives_in_flight"] == 1 })

            let migration = StorageMigration(store: service.catalog, storage: service.router, roots: [media])
            let moves = try await migration.pending(to: .s3).filter { ids.contains($0.file.assetID) }
            let report = try await migration.run(moves, batch: UUID().uuidString.lowercased(), deleteSource: true,
                                                 grace: .seconds(3600))
            #expect(report.moved == 4 && report.failures.isEmpty && report.originalsDeleted == 0 && report.originalsKept == 4)
            #expect(files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })

            let (head, body) = try await download.readResponse()
            #expect(head.hasPrefix("HTTP/1.1 200"))
            let entries = try await ZipCheck.entries(of: body)
            #expect(entries.map(\.bytes) == files.map(\.bytes))

            // The grace over: a later run deletes the originals, and the archive now comes from the bucket.
            let later = try await migration.run([], batch: UUID().uuidString.lowercased(), deleteSource: true, grace: .zero)
            #expect(later.originalsDeleted == 4 && later.originalsKept == 0)
            #expect(files.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) })
            let again = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(try await ZipCheck.entries(of: again.bytes).map(\.bytes) == files.map(\.bytes))
            try await service.router.s3?.deletePrefix(folder)
        }
    }

    /// The archive of `ids` as Alice gets it, by entry (name and bytes): the layout may change as CRCs are learnt.
    static func archive(_ service: TestService, _ ids: [String]) async throws -> [(name: String, bytes: [UInt8])] {
        try await service.serveAgain { client in
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(response.status == .ok)
            return try await ZipCheck.entries(of: response.bytes)
        }
    }
}

extension Array where Element == (name: String, bytes: [UInt8]) {
    static func == (a: Self, b: Self) -> Bool {
        a.map(\.name) == b.map(\.name) && a.map(\.bytes) == b.map(\.bytes)
    }
}
