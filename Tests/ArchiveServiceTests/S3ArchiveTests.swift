import Catalog
import ArchiveService
import Backends
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Disk and S3 at once (a real SeaweedFS server): mixed archives, originals by redirect and by proxy, and a
/// client that hangs up mid-download giving every S3 permit back.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct S3ArchiveTests {
    static let cloudBytes = { () -> [UInt8] in
        (try? Array(Data(contentsOf: URL(fileURLWithPath: TestService.fixtures + "/media/s3-cloud.jpg")))) ?? []
    }()

    @Test func archiveMixingDiskAndS3PassesRealReadersWithOriginalBytes() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        try await service.run { client in
            let ids = ["sunrise", "s3-cloud", "cafe"].map(Assets.id)
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(response.status == .ok)
            #expect(response.headers[.contentLength] == String(response.body.readableBytes))
            let entries = try await ZipCheck.entries(of: response.bytes)
            #expect(entries.map(\.name) == ["sunrise.jpg", "cloud (from S3).jpg", "café déjà vu.jpg"])
            #expect(entries[1].bytes == Self.cloudBytes)
            #expect(entries[0].bytes == (try service.mediaFile("library/alice/sunrise.jpg")))
        }
    }

    /// The demo uploads its S3 object with a CRC-32 checksum, and the request that checks it while planning (a GET
    /// of the whole object: it is small) brings the CRC, which the bytes must match: the very first download by link
    /// is the known-CRC layout and offers ranges. (A HEADed object's stored CRC does the same: S3PrefetchTests.)
    @Test func anArchiveOfChecksummedS3ObjectsIsRangeReadyOnItsFirstDownload() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        try await service.run { client in
            let link = try await ResumableDownloadTests.link(client, [Assets.id("s3-cloud")])
            let first = try await client.get(link)
            #expect(first.status == .ok)
            #expect(first.headers[.acceptRanges] == "bytes")
            #expect(try await ZipCheck.entries(of: first.bytes).map(\.bytes) == [Self.cloudBytes])
            try await ZipCheck.javaAndBsdtar(first.bytes, entries: 1)
            let tail = try await client.get(link, extraHeaders: [.range: "bytes=40-"])
            #expect(tail.status == .partialContent && tail.bytes == Array(first.bytes[40...]))
        }
    }

    /// An object uploaded without a checksum: its first download teaches the cache its CRC, the second is
    /// resumable; overwritten (same size, new bytes, new ETag), it is not served with the old CRC. Larger than one
    /// chunk (256 KiB), so it is HEADed and streamed: a smaller one is read whole while planning and its CRC
    /// computed then (S3PrefetchTests), so its first download is resumable already and no cached CRC is used.
    @Test func anOverwrittenS3ObjectIsNeverServedWithItsOldCRC() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        let alice = DemoLibrary.userID("alice")
        let key = "library/\(alice)/overwritten-\(UUID().uuidString).jpg"
        let size = 300 << 10
        let (before, after) = (Array(repeating: UInt8(1), count: size), Array(repeating: UInt8(2), count: size))
        try await AWSOracle.putWithoutChecksum(key, before)
        let id = UUID().uuidString.lowercased()
        try await service.catalog.write { writer in
            try writer.asset(NewAsset(id: id, ownerID: alice, originalPath: key, originalFileName: "over.jpg",
                                      fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000),
                                      fileSizeInByte: Int64(size)))
        }
        try await service.run { client in
            let link = try await ResumableDownloadTests.link(client, [id])
            #expect(try await client.get(link).headers[.acceptRanges] == nil)
            #expect(try await client.get(link).headers[.acceptRanges] == "bytes")
            try await AWSOracle.putWithoutChecksum(key, after)
            let replaced = try await client.get(link)
            #expect(replaced.headers[.acceptRanges] == nil)
            #expect(try await ZipCheck.entries(of: replaced.bytes).map(\.bytes) == [after])
        }
    }

    @Test func originalOnS3RedirectsToAPresignedURLThatServesTheBytes() async throws {
        let service = try await TestService.make(environment: S3Settings.environment(serveMode: "redirect"))
        try await service.run { client in
            let response = try await client.get("/api/assets/\(Assets.id("s3-cloud"))/original", .key("alice"))
            #expect(response.status == .found)
            #expect(response.headers[.cacheControl] == "private, no-cache, no-transform")
            let location = try #require(response.headers[.location])
            #expect(location.contains("X-Amz-Signature="))
            let saved = NSTemporaryDirectory() + "presigned-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: saved) }
            let (status, headers) = try await ZipCheck.run("/usr/bin/curl", ["-sS", "-D", "-", "-o", saved, location])
            #expect(status == 0)
            #expect(headers.lowercased().contains("content-type: image/jpeg"))
            #expect(headers.contains("cloud%20%28from%20S3%29.jpg") || headers.contains("cloud (from S3).jpg"))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: saved))) == Self.cloudBytes)
        }
    }

    /// In proxy mode a range of an S3 original is read as a range of the same version.
    @Test func originalOnS3InProxyModeAnswersARange() async throws {
        let service = try await TestService.make(environment: S3Settings.environment(serveMode: "proxy"))
        try await service.run { client in
            let uri = "/api/assets/\(Assets.id("s3-cloud"))/original"
            let part = try await client.get(uri, .key("alice"), extraHeaders: [.range: "bytes=100-"])
            #expect(part.status == .partialContent)
            #expect(part.bytes == Array(Self.cloudBytes[100...]))
            #expect(part.headers[.contentRange] == "bytes 100-\(Self.cloudBytes.count - 1)/\(Self.cloudBytes.count)")
        }
    }

    @Test func originalOnS3InProxyModeIsStreamedThrough() async throws {
        let service = try await TestService.make(environment: S3Settings.environment(serveMode: "proxy"))
        try await service.run { client in
            let response = try await client.get("/api/assets/\(Assets.id("s3-cloud"))/original", .session(of: "bob"))
            #expect(response.status == .ok)
            #expect(response.bytes == Self.cloudBytes)
        }
    }

    @Test func clientHangingUpMidArchiveReleasesEveryS3PermitWithinASecond() async throws {
        let service = try await TestService.make(environment: S3Settings.environment(maxConnections: 8))
        let key = "archive-service-tests/\(UUID().uuidString)/big.bin"
        let bigID = DemoLibrary.uuid("asset:big:\(key)")
        let size = 48 << 20
        try await service.storage.router.s3?.put(key, from: .bytes([UInt8](repeating: 0x5A, count: size)))
        try await service.catalog.write { writer in
            try writer.asset(NewAsset(id: bigID, ownerID: DemoLibrary.userID("alice"), originalPath: key,
                                      originalFileName: "big.bin", fileCreatedAt: Date(), fileSizeInByte: Int64(size)))
        }
        try await service.run { client in
            let port = try #require(client.port)
            let curl = try CurlDownload.start(port: port, assetIDs: [Assets.id("s3-cloud"), bigID],
                                              arguments: ["--limit-rate", "1M"])
            // Wait until the archive is streaming (in flight: planning is over) with an S3 read paused for the slow
            // client, holding its permit, then hang up. A permit alone can be a planning HEAD's: a hang-up then ends
            // the request before the archive starts.
            let streaming = try await MetricsProbe.poll(client, within: .seconds(30)) {
                $0["gallery_archive_archives_in_flight"] == 1 && $0["gallery_archive_s3_streams_paused"] ?? 0 >= 1
                    && $0["gallery_archive_s3_permits_in_use"] ?? 0 >= 1
            }
            #expect(streaming)
            CurlDownload.hangUp(curl)
            let released = try await MetricsProbe.poll(client, within: .seconds(1)) {
                $0["gallery_archive_s3_permits_in_use"] == 0 && $0["gallery_archive_archives_in_flight"] == 0
                    && $0["gallery_archive_s3_streams_paused"] == 0
            }
            #expect(released)
            let metrics = try await MetricsProbe.values(client)
            #expect(metrics["gallery_archive_aborts_total"] == 1)
            #expect(metrics["gallery_archive_source_failures_total"] == 0)
            #expect(metrics["gallery_archive_archives_completed_total"] == 0)
        }
        // Awaited, not left to a detached task: nothing of a test may still run when the process exits.
        try await service.storage.router.s3?.deletePrefix(key)
    }
}
