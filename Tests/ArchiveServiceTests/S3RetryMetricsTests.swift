import ArchiveService
import Catalog
import Foundation
import HummingbirdTesting
import Testing

/// Issue 9: S3 retries and reads resumed mid-body are counted at /metrics (and logged), so an operator sees a
/// flaky bucket before users do. The fault proxy answers the first two requests with 503 SlowDown and cuts the
/// first GET after 1,000 bytes: the download still succeeds, with two retries and one resumed read counted.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct S3RetryMetricsTests {
    @Test func retriesAndResumedReadsAreCounted() async throws {
        let proxy = try await FaultProxy(["--fail-first", "2", "--fail-status", "503", "--reset-first", "1",
                                    "--reset-after-bytes", "1000"])
        var environment = S3Settings.environment()
        environment["IMMICH_S3_ENDPOINT"] = proxy.endpoint
        let service = try await TestService.make(environment: environment)
        let key = "archive-service-retry-metrics/\(UUID().uuidString).bin"
        let content = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await service.catalog.write {
            try $0.asset(NewAsset(id: DemoLibrary.uuid("asset:retry:\(key)"), ownerID: DemoLibrary.userID("alice"),
                                  originalPath: key, originalFileName: "retried.bin",
                                  fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: nil))
        }
        let s3 = try #require(service.storage.router.s3)
        try await s3.put(key, from: .bytes(content))  // through the proxy: takes the two 503s
        try await withCleanup {
            try await service.run { client in
                let response = try await client.post("/api/download/archive", .key("alice"),
                                                     body: Body.assets([DemoLibrary.uuid("asset:retry:\(key)")]))
                #expect(response.status == .ok)
                #expect(try await ZipCheck.entries(of: response.bytes).first?.bytes == content)
                let metrics = try await MetricsProbe.values(client)
                #expect(metrics["gallery_archive_s3_retries_total"] == 2)
                #expect(metrics["gallery_archive_s3_resumed_reads_total"] == 1)
                #expect(metrics["gallery_archive_s3_credential_refresh_failures_total"] == 0)
            }
        } cleanup: {
            try? await s3.delete(key)
        }
    }
}
