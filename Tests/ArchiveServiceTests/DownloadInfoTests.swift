import ArchiveService
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
                let zip = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(archive.assetIds))
                #expect(UInt64(zip.body.readableBytes) == archive.size)
            }
            // Stable order: taken time, then id; the motion video right after its still, in the same archive.
            let order = info.archives.flatMap(\.assetIds)
            #expect(order == service.albumDownloadIDs)
            let stillArchive = info.archives.first { $0.assetIds.contains(Assets.id("live-still")) }
            #expect(stillArchive?.assetIds.contains(Assets.id("live-motion")) == true)
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
                let withStill = try #require(info.archives.first { $0.assetIds.contains(Assets.id("live-still")) })
                #expect(withStill.assetIds.contains(Assets.id("live-motion")), "archiveSize \(size)")
                #expect(info.archives.flatMap(\.assetIds).count == 3)
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
            #expect(try own.decode(DownloadInfo.self).archives.flatMap(\.assetIds) == [Assets.id("bob-own")])
            let other = try await client.post("/api/download/info", .key("bob"),
                                              body: Body.json(#"{"userId":"\#(DemoLibrary.userID("alice"))"}"#))
            #expect(other.status == .forbidden)
            #expect(other.errorMessage != nil)
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
            #expect(info.archives.flatMap(\.assetIds) == service.albumDownloadIDs)
            for archive in info.archives {
                #expect(archive.assetIds.count <= 4)
                let zip = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(archive.assetIds))
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
