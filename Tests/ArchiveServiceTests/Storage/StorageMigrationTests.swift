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
