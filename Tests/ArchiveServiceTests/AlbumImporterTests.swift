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
