import ArchiveService
import Backends
import Catalog
import Foundation
import StorageTools
import Testing

/// The migration's own queries on both engines (the log table, the optimistic path update, the stored files):
/// two originals and a sidecar go to the bucket and are rolled back, on SQLite and on PostgreSQL.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct MigrationStoreTests {
    @Test(arguments: TestCatalogKind.allCases)
    func aBatchMovesAndRollsBackOnEveryCatalog(catalog kind: TestCatalogKind) async throws {
        let media = try MediaTree()
        let owner = UUID().uuidString.lowercased()
        let folder = "library/\(UUID().uuidString.lowercased())"
        let (a, b) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        // Distinct bytes: Gallery keeps one asset per content and owner (asset.checksum is unique per owner).
        for (index, name) in ["a.jpg", "b.jpg", "a.jpg.xmp"].enumerated() { try media.write("\(folder)/\(name)", bytes: 101 + index) }
        let environment = S3Settings.environment().merging(["IMMICH_MEDIA_LOCATION": media.root]) { $1 }
        let router = try StorageSetup(environment: environment).router
        try await kind.withCatalog({ writer in
            try writer.user(id: owner, email: "\(owner)@example.com", name: "Owner")
            for id in [a, b] {
                try writer.asset(NewAsset(id: id, ownerID: owner, originalPath: "\(media.root)/\(folder)/\(id == a ? "a" : "b").jpg",
                                          originalFileName: "x.jpg", fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000),
                                          fileSizeInByte: 1))
            }
            try writer.sidecarFile(id: UUID().uuidString.lowercased(), assetID: a, path: "\(media.root)/\(folder)/a.jpg.xmp")
        }) { catalog in
            let migration = StorageMigration(store: catalog, storage: router, roots: [media.root])
            let moves = try await migration.pending(to: .s3)
            #expect(Set(moves.map(\.destination)) == ["\(folder)/a.jpg", "\(folder)/b.jpg", "\(folder)/a.jpg.xmp"])
            let report = try await migration.run(moves, batch: "store-test", deleteSource: false)
            #expect(report.moved == 3 && report.failures.isEmpty)
            #expect(Set(try await catalog.storedFiles().map(\.path)) == Set(moves.map(\.destination)))
            #expect(try await catalog.sidecarPath(of: a) == "\(folder)/a.jpg.xmp")
            let log = try await catalog.migrationLog(batch: "store-test")
            #expect(log.map(\.step).filter { $0 == .copied }.count == 3 && log.map(\.step).filter { $0 == .moved }.count == 3)
            #expect(log.allSatisfy { $0.bytes > 100 })
            // A row someone changed meanwhile is not moved.
            let moved = try await catalog.movePath(of: moves[0].file, from: "/not/its/path", to: "elsewhere")
            #expect(!moved)

            let undone = try await MigrationRollback(store: catalog, storage: router).run(batch: "store-test")
            #expect(undone.moved == 3 && undone.failures.isEmpty)
            #expect(Set(try await catalog.storedFiles().map(\.path)) == Set(moves.map(\.file.path)))
            #expect(try await AWSOracle.keys(under: folder + "/").isEmpty)
        }
        media.remove()
    }

    /// An original whose bytes no longer match Gallery's checksum (the SHA-1 the catalog keeps, here checked against
    /// `sha1sum`) is not copied and is reported with the reason; the others move.
    @Test(arguments: TestCatalogKind.allCases)
    func aDamagedOriginalStaysWhereItIs(catalog kind: TestCatalogKind) async throws {
        let media = try MediaTree()
        defer { media.remove() }
        let owner = UUID().uuidString.lowercased()
        let folder = "library/\(UUID().uuidString.lowercased())"
        let (good, damaged) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        try media.write("\(folder)/good.jpg", bytes: 300)
        try media.write("\(folder)/damaged.jpg", bytes: 301)
        let environment = S3Settings.environment().merging(["IMMICH_MEDIA_LOCATION": media.root]) { $1 }
        let router = try StorageSetup(environment: environment).router
        try await kind.withCatalog({ writer in
            try writer.user(id: owner, email: "\(owner)@example.com", name: "Owner")
            for (id, name) in [(good, "good"), (damaged, "damaged")] {
                try writer.asset(NewAsset(id: id, ownerID: owner, originalPath: "\(media.root)/\(folder)/\(name).jpg",
                                          originalFileName: "x.jpg", fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000),
                                          fileSizeInByte: 1))
            }
        }) { catalog in
            let files = try await catalog.storedFiles()
            for file in files {
                let (_, output, _) = try await ChildProcess.run("/usr/bin/sha1sum", [file.path])
                #expect(file.contentSHA1.map(Digests.hex) == output.split(separator: " ").first.map(String.init))
            }
            var bytes = try Data(contentsOf: URL(fileURLWithPath: "\(media.root)/\(folder)/damaged.jpg"))
            bytes[7] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: "\(media.root)/\(folder)/damaged.jpg"))

            let migration = StorageMigration(store: catalog, storage: router, roots: [media.root])
            let report = try await migration.run(try await migration.pending(to: .s3), batch: UUID().uuidString.lowercased(),
                                                 deleteSource: false)
            #expect(report.moved == 1 && report.failures.count == 1)
            #expect(report.failures.first?.reason.contains("does not match Gallery's checksum") == true)
            let paths = Dictionary(uniqueKeysWithValues: try await catalog.storedFiles().map { ($0.rowID, $0.path) })
            #expect(paths[good] == "\(folder)/good.jpg" && paths[damaged] == "\(media.root)/\(folder)/damaged.jpg")
            #expect(try await AWSOracle.keys(under: folder + "/") == ["\(folder)/good.jpg"])
            try await router.s3?.deletePrefix(folder + "/")
        }
    }

    /// What the shared-link page and `crc warm --all` ask of both engines.
    @Test(arguments: TestCatalogKind.allCases)
    func pageAndWarmUpQueriesOnEveryCatalog(catalog kind: TestCatalogKind) async throws {
        let owner = UUID().uuidString.lowercased()
        let (album, link, asset) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        try await kind.withCatalog({ writer in
            try writer.user(id: owner, email: "\(owner)@example.com", name: "Owner")
            try writer.asset(NewAsset(id: asset, ownerID: owner, originalPath: "/media/x.jpg", originalFileName: "x.jpg",
                                      fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: 1))
            try writer.album(id: album, ownerID: owner, name: "Holidays ’26", assetIDs: [asset])
            try writer.sharedLink(NewSharedLink(id: link, userID: owner, key: Array(repeating: 7, count: 50), albumID: nil,
                                                assetIDs: [asset]))
        }) { catalog in
            let (name, none) = (try await catalog.albumName(album), try await catalog.albumName(UUID().uuidString.lowercased()))
            let (listed, all) = (try await catalog.sharedLinkAssetIDs(link), try await catalog.allAssets())
            #expect(name == "Holidays ’26" && none == nil)
            #expect(listed == [asset])
            #expect(all.map { $0.id.uuidString.lowercased() } == [asset])
        }
    }
}
