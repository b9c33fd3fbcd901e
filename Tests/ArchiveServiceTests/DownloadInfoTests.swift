import ArchiveService
import Catalog
import Foundation
import HummingbirdTesting
import Testing

/// `POST /api/download/info`: 201, stable order, live photo pairs in one archive, exact sizes.
@Suite struct DownloadInfoTests {
    @Test(arguments: TestCatalog.allCases)
    func albumInfoSizesAreTheExactLengthsOfTheArchivesItDescribes(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            // 1,900 bytes per archive forces a split into several archives of one or two entries each.
            let response = try await client.post("/api/download/info", .key("alice"),
                body: Body.json(#"{"albumId":"\#(DemoLibrary.sharedAlbumID)","archiveSize":1900}"#))
            #expect(response.status == .created)
            let info = try response.decode(DownloadInfo.self)
            #expect(info.archives.count > 3)
            #expect(info.totalSize == info.archives.reduce(0) { $0 + $1.size })
            for archive in info.archives {
                let zip = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(archive.ids))
                #expect(UInt64(zip.body.readableBytes) == archive.size)
            }
            // Stable order: taken time, then id; the motion video right after its still, in the same archive.
            let order = info.archives.flatMap(\.ids)
            #expect(order == service.albumDownloadIDs)
            let stillArchive = info.archives.first { $0.ids.contains(Assets.id("live-still")) }
            #expect(stillArchive?.ids.contains(Assets.id("live-motion")) == true)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func livePhotoPairStaysTogetherEvenWhenTheSplitFallsBetweenThem(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            for size in [1, 1000, 2000, 2500, 4000, 6000] {
                let response = try await client.post("/api/download/info", .key("alice"),
                    body: Body.json(#"{"assetIds":["\#(Assets.id("tokyo"))","\#(Assets.id("live-still"))"],"archiveSize":\#(size)}"#))
                let info = try response.decode(DownloadInfo.self)
                let withStill = try #require(info.archives.first { $0.ids.contains(Assets.id("live-still")) })
                #expect(withStill.ids.contains(Assets.id("live-motion")), "archiveSize \(size)")
                #expect(info.archives.flatMap(\.ids).count == 3)
            }
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func timelineDownloadIsOnlyForTheCallersOwnTimeline(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let own = try await client.post("/api/download/info", .key("bob"),
                                            body: Body.json(#"{"userId":"\#(DemoLibrary.userID("bob"))"}"#))
            #expect(own.status == .created)
            #expect(try own.decode(DownloadInfo.self).archives.flatMap(\.ids) == [Assets.id("bob-own")])
            // The ids as Gallery writes them: decoding above would accept any case.
            #expect(String(buffer: own.body).contains(#""assetIds":["\#(Assets.id("bob-own"))"]"#))
            let other = try await client.post("/api/download/info", .key("bob"),
                                              body: Body.json(#"{"userId":"\#(DemoLibrary.userID("alice"))"}"#))
            #expect(other.status == .forbidden)
            #expect(other.errorMessage != nil)
        }
    }

    /// A shared link downloads the edited file (799 bytes, the original 747), whose size the catalog does not
    /// know: info asks the backend for it, so the size it announces is the archive's.
    @Test(arguments: TestCatalog.allCases)
    func sharedLinkInfoSizesTheEditedFileItsArchiveSends(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let edited = try service.mediaFile("library/edited-sunrise.jpg")
            #expect(edited != (try service.mediaFile("library/alice/sunrise.jpg")))
            let link = "?key=\(DemoLibrary.Link.individual.urlKey)"
            let response = try await client.post("/api/download/info" + link, body: Body.assets([Assets.id("sunrise")]))
            #expect(response.status == .created)
            let archive = try #require(try response.decode(DownloadInfo.self).archives.first)
            let zip = try await client.post("/api/download/archive" + link, body: Body.assets(archive.ids))
            #expect(try await ZipCheck.entries(of: zip.bytes).first?.bytes == edited)
            #expect(UInt64(zip.body.readableBytes) == archive.size)
        }
    }

    /// Info never describes an archive the archive route refuses: with the limit at 4 assets, the album (9 ids with
    /// its motion video) splits into archives of at most 4 that each download whole, and 5 ids are refused.
    @Test(arguments: TestCatalog.allCases)
    func infoSplitsAtTheArchiveRoutesAssetLimit(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog, maxAssetsPerArchive: 4)
        try await service.run { client in
            let response = try await client.post("/api/download/info", .key("alice"), body: Body.album(DemoLibrary.sharedAlbumID))
            let info = try response.decode(DownloadInfo.self)
            #expect(info.archives.count == 3)
            #expect(info.archives.flatMap(\.ids) == service.albumDownloadIDs)
            for archive in info.archives {
                #expect(archive.ids.count <= 4)
                let zip = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(archive.ids))
                #expect(zip.status == .ok)
                #expect(UInt64(zip.body.readableBytes) == archive.size)
            }
            let tooMany = try await client.post("/api/download/archive", .key("alice"),
                                                body: Body.assets(Array(service.albumDownloadIDs.prefix(5))))
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.errorMessage == "too many assetIds (5); at most 4 per request")
        }
    }
}

extension DownloadInfo.Archive {
    /// The ids in Gallery's lower-case form, as the tests' catalogs and requests write them.
    fileprivate var ids: [String] { assetIds.map(\.lowercased) }
}
