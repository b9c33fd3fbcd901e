import ArchiveService
import Catalog
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Gallery's access rules beyond who-owns-what (GALLERY-SCHEMA.md "Access rules"), each on every catalog: trash,
/// locked assets and PIN-elevated sessions, partners and archived or deleted-partner assets, deleted albums, API-key
/// permissions per download target, links to deleted albums. A refusal is a 4xx JSON message, and a refused
/// asset's bytes appear in no response.
@Suite struct AccessRuleTests {
    static let alice = DemoLibrary.userID("alice")

    @Test(arguments: TestCatalog.allCases)
    func trashedAssetIsRefusedToEveryoneAndLeftOutOfAlbums(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let trashed = try await Self.addAsset("trashed", to: service, deletedAt: Date(timeIntervalSinceNow: -3600),
                                              album: DemoLibrary.sharedAlbumID)
        try await service.run { client in
            for credential in [Credential.key("alice"), .key("bob"), .key("carol")] {
                try await Self.expectRefused(trashed, credential, client: client)
            }
            try await Self.expectRefused(trashed, .none, query: "key=\(DemoLibrary.Link.album.urlKey)", client: client)
            let info = try await client.post("/api/download/info", .key("alice"), body: Body.album(DemoLibrary.sharedAlbumID))
            #expect(info.status == .created)
            #expect(try !info.decode(DownloadInfo.self).archives.flatMap(\.assetIds).map(\.lowercased).contains(trashed.id))
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func lockedAssetNeedsTheOwnersPINElevatedSession(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let locked = try await Self.addAsset("locked", to: service, visibility: .locked)
        try await service.catalog.write { writer in
            try writer.session(id: DemoLibrary.uuid("session:elevated"), userID: Self.alice, secret: "alice-elevated",
                               pinExpiresAt: Date(timeIntervalSinceNow: 600))
            try writer.session(id: DemoLibrary.uuid("session:pin-expired"), userID: Self.alice, secret: "alice-pin-expired",
                               pinExpiresAt: Date(timeIntervalSinceNow: -600))
        }
        try await service.run { client in
            for credential in [Credential.key("alice"), .session(of: "alice"), .session("alice-pin-expired"), .key("bob")] {
                try await Self.expectRefused(locked, credential, client: client)
            }
            let archive = try await client.post("/api/download/archive", .session("alice-elevated"), body: Body.assets([locked.id]))
            #expect(archive.status == .ok)
            #expect(try await ZipCheck.entries(of: archive.bytes).first?.bytes == locked.bytes)
            let original = try await client.get("/api/assets/\(locked.id)/original", .session("alice-elevated"))
            #expect(original.bytes == locked.bytes)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func partnersSeeNeitherArchivedAssetsNorADeletedPartnersLibrary(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let archived = try await Self.addAsset("archived", to: service, visibility: .archive)
        let erin = DemoLibrary.uuid("user:erin")
        try await service.catalog.write { writer in
            try writer.user(id: erin, email: "erin@example.com", name: "Erin", deletedAt: Date(timeIntervalSinceNow: -60))
            try writer.partner(sharedByID: erin, sharedWithID: DemoLibrary.userID("bob"))
        }
        let erinsPhoto = try await Self.addAsset("erin-photo", to: service, owner: erin)
        try await service.run { client in
            try await Self.expectRefused(archived, .key("bob"), client: client)
            try await Self.expectRefused(erinsPhoto, .key("bob"), client: client)
            // The owner still has the archived asset.
            let archive = try await client.post("/api/download/archive", .key("alice"), body: Body.assets([archived.id]))
            #expect(try await ZipCheck.entries(of: archive.bytes).first?.bytes == archived.bytes)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func aDeletedAlbumGrantsNothingToItsMembersOrItsLinks(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let album = DemoLibrary.uuid("album:deleted")
        let link = NewSharedLink(id: DemoLibrary.uuid("link:deleted-album"), userID: Self.alice,
                                 key: Array(repeating: 0x42, count: 50), albumID: album)
        let photo = try await Self.addAsset("in-deleted-album", to: service)
        try await service.catalog.write { writer in
            try writer.album(id: album, ownerID: Self.alice, name: "Gone", assetIDs: [photo.id],
                             deletedAt: Date(timeIntervalSinceNow: -60))
            try writer.albumMember(albumID: album, userID: DemoLibrary.userID("carol"))
            try writer.sharedLink(link)
        }
        try await service.run { client in
            try await Self.expectRefused(photo, .key("carol"), client: client)
            let info = try await client.post("/api/download/info", .key("carol"), body: Body.album(album))
            #expect(info.status == .forbidden)
            AuthorizationMatrixTests.checkRefusal(info, "member, deleted album")
            let byLink = try await client.post("/api/download/info?key=\(link.urlKey)", body: Body.album(album))
            #expect(byLink.status == .unauthorized)
            try await Self.expectRefused(photo, .none, query: "key=\(link.urlKey)", client: client)
        }
    }

    /// Every download needs `asset.download`; an album also `album.download`, a timeline `timeline.download`
    /// ('all' grants everything), as Gallery's download service checks them.
    @Test(arguments: TestCatalog.allCases)
    func apiKeyPermissionsAreCheckedPerDownloadTarget(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.catalog.write { writer in
            for (secret, permissions) in [("assets-only", ["asset.download"]),
                                          ("albums", ["asset.download", "album.download"]),
                                          ("timeline", ["asset.download", "timeline.download"]),
                                          ("album-without-asset", ["album.download"])] {
                try writer.apiKey(id: DemoLibrary.uuid("apikey:\(secret)"), userID: Self.alice, secret: secret,
                                  permissions: permissions)
            }
        }
        let album = Body.album(DemoLibrary.sharedAlbumID)
        let timeline = Body.json(#"{"userId":"\#(Self.alice)"}"#)
        let cases: [(String, ByteBuffer, HTTPResponse.Status)] = [
            ("assets-only", Body.assets([Assets.id("cafe")]), .created), ("assets-only", album, .forbidden),
            ("assets-only", timeline, .forbidden), ("albums", album, .created), ("albums", timeline, .forbidden),
            ("timeline", timeline, .created), ("timeline", album, .forbidden), ("album-without-asset", album, .forbidden),
        ]
        try await service.run { client in
            for (key, body, status) in cases {
                let response = try await client.post("/api/download/info", .apiKey(key), body: body)
                #expect(response.status == status, "\(key)")
                if status != .created { #expect(response.errorMessage?.contains("permission") == true, "\(key)") }
            }
        }
    }

    // MARK: - Support

    /// An asset whose file holds bytes found nowhere else, so a response that leaks it is recognised.
    struct Probe {
        let id: String
        let bytes: [UInt8]
    }

    static func addAsset(_ label: String, to service: TestService, owner: String = alice,
                         visibility: AssetVisibility = .timeline, deletedAt: Date? = nil,
                         album: String? = nil) async throws -> Probe {
        let bytes = Array("gallery-archive access probe \(label) ".utf8) + (0..<512).map { UInt8($0 % 251) }
        let path = service.directory + "/media/library/probe-\(label).jpg"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let id = DemoLibrary.uuid("asset:\(label)")
        try await service.catalog.write { writer in
            try writer.asset(NewAsset(
                id: id, ownerID: owner, originalPath: path, originalFileName: "\(label).jpg",
                fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: Int64(bytes.count),
                visibility: visibility, deletedAt: deletedAt))
            if let album { try writer.addToAlbum(albumID: album, assetIDs: [id]) }
        }
        return Probe(id: id, bytes: bytes)
    }

    /// Info, archive and original each refuse `probe` with a 4xx JSON message that carries none of its bytes.
    static func expectRefused(_ probe: Probe, _ credential: Credential, query: String = "",
                              client: some TestClientProtocol) async throws {
        let marker = Array("access probe".utf8)
        for route in AuthorizationMatrixTests.Route.allCases {
            let response = try await AuthorizationMatrixTests.request(route, asset: probe.id, credential, query: query,
                                                                      client: client)
            let context = "\(probe.id) \(credential) \(query) \(route)"
            #expect((400..<500).contains(response.status.code), "\(context): \(response.status)")
            AuthorizationMatrixTests.checkRefusal(response, context)
            #expect(!(0...max(0, response.bytes.count - marker.count)).contains {
                response.bytes.count >= marker.count && Array(response.bytes[$0..<$0 + marker.count]) == marker
            }, "\(context)")
        }
    }
}
