import ArchiveService
import Backends
import Catalog
import Foundation
import Logging
import StorageTools
import Testing

/// `storage migrate` on a database that has what the 12-table fixtures lack: a person's thumbnail, a user's
/// profile image (Immich's `person."thumbnailPath"` and `"user"."profileImagePath"`) and the fork's
/// `storage_migration_log` (GALLERY-SCHEMA.md, fork section). Both paths move with the assets', and the fork's table
/// receives one row per finished move in its own vocabulary, read back by psql; a rollback takes them back.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct ForkMigrationLogTests {
    @Test func personAndProfileImagesMoveAndTheForkLogRecordsEveryMove() async throws {
        let media = try MediaTree()
        defer { media.remove() }
        let (owner, asset, sidecar, person) = (Self.uuid(), Self.uuid(), Self.uuid(), Self.uuid())
        let folder = "library/\(owner)"
        let paths = ["\(folder)/a.jpg", "\(folder)/a.jpg.xmp", "thumbs/\(owner)/\(person).jpeg", "profile/\(owner)/me.jpg"]
        for (index, path) in paths.enumerated() { try media.write(path, bytes: 200 + index) }
        let directory = NSTemporaryDirectory() + "fork-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await SQLiteCatalog(directory: directory).write { writer in
            try writer.user(id: owner, email: "\(owner)@example.com", name: "Owner")
            try writer.asset(NewAsset(id: asset, ownerID: owner, originalPath: "\(media.root)/\(paths[0])",
                                      originalFileName: "a.jpg", fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000),
                                      fileSizeInByte: 200))
            try writer.sidecarFile(id: sidecar, assetID: asset, path: "\(media.root)/\(paths[1])")
        }
        let database = try await PostgresTestDatabase.make(layout: .postgresFork, copying: directory + "/catalog.sqlite")
        // Immich's columns, and the fork's table as GALLERY-SCHEMA.md gives it (gen_random_uuid() standing in for
        // immich_uuid_v7(), which the fixtures do not define).
        try await Psql.run("""
            ALTER TABLE "user" ADD COLUMN "profileImagePath" character varying NOT NULL DEFAULT '';
            CREATE TABLE person (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                "ownerId" uuid NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
                name character varying NOT NULL DEFAULT '', "thumbnailPath" character varying NOT NULL DEFAULT '');
            CREATE TABLE storage_migration_log (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                "entityType" character varying NOT NULL, "entityId" uuid NOT NULL, "fileType" character varying,
                "oldPath" text NOT NULL, "newPath" text NOT NULL, direction character varying NOT NULL,
                "batchId" uuid NOT NULL, "migratedAt" timestamp with time zone DEFAULT clock_timestamp());
            UPDATE "user" SET "profileImagePath" = '\(media.root)/\(paths[3])' WHERE id = '\(owner)';
            INSERT INTO person (id, "ownerId", "thumbnailPath") VALUES ('\(person)', '\(owner)', '\(media.root)/\(paths[2])');
            INSERT INTO person ("ownerId") VALUES ('\(owner)');
            """, database: database.name)

        do {
            try await Self.migrateAndRollBack(database, media, paths, (owner, asset, sidecar, person))
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    private static func migrateAndRollBack(_ database: PostgresTestDatabase, _ media: MediaTree, _ paths: [String],
                                           _ ids: (owner: String, asset: String, sidecar: String, person: String))
        async throws {
        let (owner, asset, sidecar, person) = ids
        let environment = S3Settings.environment().merging(["IMMICH_MEDIA_LOCATION": media.root]) { $1 }
        let router = try StorageSetup(environment: environment).router
        let catalog = PostgresCatalog(settings: try database.settings(), logger: Logger(label: "fork-log-test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await catalog.run() }
            defer { group.cancelAll() }
            try await TestService.waitUntilReady(catalog)
            let batch = uuid()
            let migration = StorageMigration(store: catalog, storage: router, roots: [media.root])
            let moves = try await migration.pending(to: .s3)
            // The person without a thumbnail (empty path) is not a file.
            #expect(Set(moves.map(\.destination)) == Set(paths))
            let report = try await migration.run(moves, batch: batch, deleteSource: false)
            #expect(report.moved == 4 && report.failures.isEmpty && report.originalsKept == 4)

            let moved = try await Psql.run("""
                SELECT "thumbnailPath" FROM person WHERE id = '\(person)';
                SELECT "profileImagePath" FROM "user" WHERE id = '\(owner)';
                """, database: database.name)
            #expect(moved == "\(paths[2])\n\(paths[3])\n")
            let rows = try await Psql.run("""
                SELECT "entityType", "entityId", coalesce("fileType", '-'), "oldPath", "newPath", direction
                FROM storage_migration_log WHERE "batchId" = '\(batch)' ORDER BY "entityType";
                """, database: database.name)
            #expect(Set(rows.split(separator: "\n")) == [
                "asset|\(asset)|original|\(media.root)/\(paths[0])|\(paths[0])|toS3",
                "assetFile|\(sidecar)|sidecar|\(media.root)/\(paths[1])|\(paths[1])|toS3",
                "person|\(person)|-|\(media.root)/\(paths[2])|\(paths[2])|toS3",
                "user|\(owner)|-|\(media.root)/\(paths[3])|\(paths[3])|toS3",
            ])

            let undone = try await MigrationRollback(store: catalog, storage: router).run(batch: batch)
            #expect(undone.moved == 4 && undone.failures.isEmpty)
            let restored = try await Psql.run("""
                SELECT "thumbnailPath" FROM person WHERE id = '\(person)';
                SELECT "profileImagePath" FROM "user" WHERE id = '\(owner)';
                SELECT count(*) FROM storage_migration_log;
                """, database: database.name)
            #expect(restored == "\(media.root)/\(paths[2])\n\(media.root)/\(paths[3])\n0\n")
            #expect(try await AWSOracle.keys(under: "thumbs/\(owner)/").isEmpty)
            #expect(try await AWSOracle.keys(under: "profile/\(owner)/").isEmpty)
        }
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}
