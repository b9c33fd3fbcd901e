import ArchiveService
import Backends
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /api/download/archive` on disk sources: shapes, exact length, determinism, real readers, form posts.
@Suite struct ArchiveDownloadTests {
    static let selection = ["sunrise", "beach-1", "beach-2", "img-upper", "img-lower", "cafe", "tokyo",
                            "live-still", "live-motion"].map(Assets.id)

    @Test(arguments: TestCatalog.allCases)
    func archiveHasExactLengthAndEveryEntryEqualsItsOriginal(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(Self.selection))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            #expect(response.headers[.contentLength] == String(response.body.readableBytes))
            let entries = try await ZipCheck.entries(of: response.bytes)
            #expect(entries.map(\.name) == ["sunrise.jpg", "beach.jpg", "beach+1.jpg", "IMG_0001.JPG", "img_0001+1.jpg",
                                            "café déjà vu.jpg", "東京タワー.png", "IMG_0100.JPG", "IMG_0100.MOV"])
            let originals = try ["sunrise.jpg", "beach-1.jpg", "beach-2.jpg", "IMG_0001.JPG", "img_0001-lower.jpg",
                                 "cafe.jpg", "tokyo.png", "live-still.jpg", "live-motion.mov"]
                .map { try service.mediaFile("library/alice/\($0)") }
            #expect(entries.map(\.bytes) == originals)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func sameRequestTwiceGivesTheSameBytesAndETag(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            // The first download teaches the CRC cache every CRC, so the second is the known-CRC layout: from then
            // on every download of the same files is the same bytes.
            _ = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(Self.selection))
            let first = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(Self.selection))
            let second = try await client.post("/api/download/archive", .session(of: "alice"), body: Body.assets(Self.selection))
            #expect(first.bytes == second.bytes)
            let etag = try #require(first.headers[.eTag])
            #expect(etag == second.headers[.eTag])
            let other = try await client.post("/api/download/archive", .key("alice"),
                                              body: Body.assets(Array(Self.selection.dropFirst())))
            #expect(other.headers[.eTag] != etag)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func formPostNamesTheDownloadAfterTheAlbum(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let ids = service.albumDownloadIDs.joined(separator: ",")
            let name = DemoLibrary.sharedAlbumName.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            var headers = Credential.key("alice").headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(
                uri: "/api/download/archive", method: .post, headers: headers,
                body: ByteBuffer(string: "assetIds=\(ids.replacingOccurrences(of: ",", with: "%2C"))&archiveName=\(name)"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition] == ContentDisposition.attachment(
                fileName: DemoLibrary.sharedAlbumName + ".zip"))
            let entries = try await ZipCheck.entries(of: response.bytes)
            #expect(entries.count == service.albumDownloadIDs.count)
            #expect(entries.contains { $0.name == "IMG_0100.MOV" })
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func editedAsksForTheEditedFileAndSharedLinksAlwaysGetIt(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let edited = try service.mediaFile("library/edited-sunrise.jpg")
            let original = try service.mediaFile("library/alice/sunrise.jpg")
            let plain = try await client.post("/api/download/archive", .key("alice"), body: Body.assets([Assets.id("sunrise")]))
            let asked = try await client.post("/api/download/archive", .key("alice"),
                                              body: Body.json(#"{"assetIds":["\#(Assets.id("sunrise"))"],"edited":true}"#))
            let link = try await client.post("/api/download/archive?key=\(DemoLibrary.Link.individual.urlKey)",
                                             body: Body.assets([Assets.id("sunrise")]))
            #expect(try await ZipCheck.entries(of: plain.bytes).first?.bytes == original)
            #expect(try await ZipCheck.entries(of: asked.bytes).first?.bytes == edited)
            #expect(try await ZipCheck.entries(of: link.bytes).first?.bytes == edited)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func originalOnDiskIsServedWithItsBytes(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let response = try await client.get("/api/assets/\(Assets.id("cafe"))/original", .key("alice"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/jpeg")
            #expect(response.bytes == (try service.mediaFile("library/alice/cafe.jpg")))
            #expect(response.headers[.contentDisposition] == ContentDisposition.attachment(fileName: "café déjà vu.jpg"))
        }
    }
}
