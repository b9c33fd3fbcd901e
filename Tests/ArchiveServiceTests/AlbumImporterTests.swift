import Catalog
import ArchiveService
import Foundation
import Testing

/// `gallery-archive import-album`: the album holds the directory's regular files, in place, in name order.
@Suite struct AlbumImporterTests {
    @Test func importsTheRegularFilesOfADirectoryAsOneAlbum() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let media = root + "/media"
        try FileManager.default.createDirectory(atPath: media + "/skipped-subdirectory", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 300).write(to: URL(fileURLWithPath: media + "/b.jpg"))
        try Data(repeating: 8, count: 5).write(to: URL(fileURLWithPath: media + "/a.jpg"))

        let imported = try await AlbumImporter(directory: media, dataDirectory: root)
            .run(albumName: "Trip", apiKey: "secret")

        let catalog = try SQLiteCatalog(directory: root)
        #expect(try await catalog.albumAssets(imported.albumID).map(\.id.lowercased).sorted() == imported.assetIDs.sorted())
        #expect(try await catalog.canDownloadAlbum(imported.albumID, for: .user(id: imported.userID, elevated: false)))
        let assets = try await catalog.assets(ids: imported.assetIDs)
        let byID = Dictionary(uniqueKeysWithValues: assets.map { ($0.id.lowercased, $0) })
        let rows = imported.assetIDs.compactMap { byID[$0] }
        #expect(rows.map(\.originalFileName) == ["a.jpg", "b.jpg"])
        #expect(rows.map(\.originalPath) == [media + "/a.jpg", media + "/b.jpg"])
        #expect(rows.map(\.fileSizeInByte) == [5, 300])
        #expect(try await catalog.timelineAssets(ownerID: imported.userID).map(\.id.lowercased).sorted() == imported.assetIDs.sorted())
        // The same key again would name two owners.
        await #expect(throws: AlbumImportError.self) {
            try await AlbumImporter(directory: media, dataDirectory: root).run(albumName: "Again", apiKey: "secret")
        }
    }

    /// With an upload backend (`--s3-prefix`), the files go to the bucket and the assets reference the objects.
    @Test(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
    func uploadsTheFilesToS3AndReferencesTheObjects() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/media", withIntermediateDirectories: true)
        let content = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        try Data(content).write(to: URL(fileURLWithPath: root + "/media/c.jpg"))
        var environment = S3Settings.environment()
        environment["IMMICH_MEDIA_LOCATION"] = root + "/media"
        let s3 = try #require(try StorageSetup(environment: environment).router.s3)
        let prefix = "archive-service-import/\(UUID().uuidString)"
        try await withCleanup {
            let imported = try await AlbumImporter(directory: root + "/media", dataDirectory: root, upload: (s3, prefix))
                .run(albumName: "Cloud", apiKey: "cloud-secret")

            let rows = try await SQLiteCatalog(directory: root).assets(ids: imported.assetIDs)
            #expect(rows.map(\.originalPath) == [prefix + "/c.jpg"])
            var stored: [UInt8] = []
            for try await chunk in try await s3.get(prefix + "/c.jpg") { stored += chunk.readableBytesView }
            #expect(stored == content)
        } cleanup: {
            try? await s3.deletePrefix(prefix + "/")
        }
    }

    @Test func aDirectoryWithoutFilesIsRefusedByName() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        await #expect(throws: AlbumImportError.self) {
            try await AlbumImporter(directory: root + "/empty", dataDirectory: root).run(albumName: "x", apiKey: "k")
        }
        await #expect(throws: AlbumImportError.self) {
            try await AlbumImporter(directory: root + "/missing", dataDirectory: root).run(albumName: "x", apiKey: "k")
        }
    }
}
