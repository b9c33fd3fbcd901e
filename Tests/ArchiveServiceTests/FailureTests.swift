import ArchiveService
import Backends
import Catalog
import HTTPTypes
import Foundation
import HummingbirdTesting
import Testing

/// DESIGN §4, Failure: a clear error before the first byte; after it, an aborted connection, never a short
/// archive that looks whole.
@Suite struct FailureTests {
    @Test(arguments: TestCatalog.allCases)
    func missingSourceIsAnErrorNamingTheAssetBeforeAnyByte(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try FileManager.default.removeItem(atPath: service.directory + "/media/library/alice/tokyo.png")
        try await service.run { client in
            let ids = ["sunrise", "tokyo", "cafe"].map(Assets.id)
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(response.status == .notFound)
            let message = try #require(response.errorMessage)
            #expect(message.contains(Assets.id("tokyo")) && message.contains("東京タワー.png"))
            #expect(!response.bytes.starts(with: [0x50, 0x4B]))
            let original = try await client.get("/api/assets/\(Assets.id("tokyo"))/original", .key("alice"))
            #expect(original.status == .notFound)
        }
    }

    /// A stored path outside the media roots (a tampered row, a moved library) is a 403 naming the asset, an S3 key
    /// with no S3 configured a 502 (storage the service cannot reach); no response carries a path, a key or the
    /// storage's own message.
    @Test(arguments: TestCatalog.allCases)
    func refusalsNameTheAssetNeverThePathOrKey(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let outside = NewAsset(id: DemoLibrary.uuid("asset:outside"), ownerID: DemoLibrary.userID("alice"),
                               originalPath: "/etc/hostname", originalFileName: "outside.jpg",
                               fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: 10)
        let s3Key = NewAsset(id: DemoLibrary.uuid("asset:s3-key"), ownerID: DemoLibrary.userID("alice"),
                             originalPath: "upload/secret-bucket-prefix/a.jpg", originalFileName: "keyed.jpg",
                             fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: 10)
        try await service.catalog.write { writer in
            try writer.asset(outside)
            try writer.asset(s3Key)
        }
        try FileManager.default.removeItem(atPath: service.directory + "/media/library/alice/tokyo.png")
        try await service.run { client in
            let cases = [(outside.id, HTTPResponse.Status.forbidden), (s3Key.id, .badGateway), (Assets.id("tokyo"), .notFound)]
            for (id, status) in cases {
                for response in [
                    try await client.post("/api/download/archive", .key("alice"), body: Body.assets([id])),
                    try await client.get("/api/assets/\(id)/original", .key("alice")),
                ] {
                    #expect(response.status == status, "\(id)")
                    let message = try #require(response.errorMessage)
                    #expect(message.hasPrefix("Asset \(id) ("), "\(message)")
                    for secret in ["/etc", "secret-bucket-prefix", service.directory, "storage key", "media roots"] {
                        #expect(!String(decoding: response.bytes, as: UTF8.self).contains(secret), "\(message)")
                    }
                }
            }
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func sourceFailingMidArchiveAbortsTheConnection(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog, wrapDisk: { FailingBackend(inner: $0, failingSuffix: "cafe.jpg") })
        // 2 MiB before the failing entry, so the writer has certainly sent bytes when the failure comes.
        try Data(repeating: 0xA5, count: 2 << 20).write(
            to: URL(fileURLWithPath: service.directory + "/media/library/alice/beach-1.jpg"))
        try await service.run { client in
            let port = try #require(client.port)
            let ids = ["sunrise", "beach-1", "beach-2", "cafe", "tokyo"].map(Assets.id)
            let output = NSTemporaryDirectory() + "aborted-\(UUID().uuidString).zip"
            defer { try? FileManager.default.removeItem(atPath: output) }
            // A real client: curl reports the transfer as partial (exit 18) because the body ended short of
            // Content-Length, and what it saved is not a valid archive.
            let (status, _) = try await ZipCheck.run("/usr/bin/curl", [
                "-sS", "-o", output, "-H", "x-api-key: \(DemoLibrary.apiKey("alice"))",
                "-H", "content-type: application/json", "--data-binary",
                #"{"assetIds":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}",
                "http://127.0.0.1:\(port)/api/download/archive",
            ])
            #expect(status == 18)
            let saved = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(saved.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            await #expect(throws: ZipCheck.Failure.self) { try await ZipCheck.entries(of: Array(saved)) }
            let metrics = String(decoding: try await client.get("/metrics").bytes, as: UTF8.self)
            #expect(metrics.contains("gallery_archive_aborts_total 1"))
            #expect(metrics.contains("gallery_archive_source_failures_total 1"))
        }
    }

    /// A client gone while its archive waits on a stalled source is noticed when its connection closes, not when
    /// the source answers (here a minute later): the download and its sources are released within a second.
    @Test(arguments: TestCatalog.allCases)
    func clientHangingUpWhileASourceStallsIsNoticedAtOnce(catalog: TestCatalog) async throws {
        let stallsBegun = StallCount()
        let service = try await TestService.make(catalog, wrapDisk: {
            FailingBackend(inner: $0, failingSuffix: "cafe.jpg", stalls: true, stallsBegun: stallsBegun)
        })
        // 2 MiB before the stalling entry, so bytes have certainly gone out when it stalls.
        try Data(repeating: 0xA5, count: 2 << 20).write(
            to: URL(fileURLWithPath: service.directory + "/media/library/alice/beach-1.jpg"))
        try await service.run { client in
            let port = try #require(client.port)
            let curl = try CurlDownload.start(port: port, assetIDs: ["beach-1", "cafe", "tokyo"].map(Assets.id))
            // Stalled: beach-1 is out and the read of the stalling entry waits.
            let stalled = try await MetricsProbe.poll(client, within: .seconds(30)) {
                $0["gallery_archive_archives_in_flight"] == 1 && $0["gallery_archive_bytes_out_total"] ?? 0 > Double(2 << 20)
                    && stallsBegun.value == 1
            }
            #expect(stalled)
            CurlDownload.hangUp(curl)
            let released = try await MetricsProbe.poll(client, within: .seconds(1)) {
                $0["gallery_archive_archives_in_flight"] == 0
            }
            #expect(released)
            let metrics = try await MetricsProbe.values(client)
            #expect(metrics["gallery_archive_aborts_total"] == 1)
            #expect(metrics["gallery_archive_source_failures_total"] == 0)
        }
    }

    /// The SQLite catalog's ids are uuids as TEXT; a row whose id is not one (a damaged catalog) fails the request
    /// that reads it with a server error, and the service goes on answering.
    @Test func anAssetIdThatIsNotAUUIDFailsTheRequestNotTheService() async throws {
        let service = try await TestService.make(.sqlite)
        try await service.catalog.write { writer in
            try writer.asset(NewAsset(id: "not-a-uuid", ownerID: DemoLibrary.userID("alice"),
                                      originalPath: "/etc/hostname", originalFileName: "damaged.jpg",
                                      fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: 10))
        }
        try await service.run { client in
            let timeline = try await client.post("/api/download/info", .key("alice"),
                                                 body: Body.json(#"{"userId":"\#(DemoLibrary.userID("alice"))"}"#))
            #expect(timeline.status == .internalServerError)
            #expect(!String(buffer: timeline.body).contains("/etc/hostname"))
            let album = try await client.post("/api/download/info", .key("alice"), body: Body.album(DemoLibrary.sharedAlbumID))
            #expect(album.status == .created)
        }
    }
}
