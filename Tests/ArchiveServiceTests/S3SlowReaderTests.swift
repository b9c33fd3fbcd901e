import ArchiveService
import Backends
import Catalog
import Foundation
import HummingbirdTesting
import Testing

/// Issue 9's slow readers on S3 (a real SeaweedFS): 64 clients that take nothing hold an album of large objects
/// with 8 S3 connections in all. Without a send deadline they would keep every permit for ever and every later S3
/// request — a normal download, the HEADs that plan one — would wait for ever (the hang of the seed's fork).
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct S3SlowReaderTests {
    static let connections = 8
    static let stalledClients = 64
    static let objectBytes = 16 << 20

    @Test func stalledReadersGiveBackTheirPermitsAtTheSendDeadlineAndANormalDownloadCompletes() async throws {
        var settings = ServiceSettings()
        settings.sendTimeout = .seconds(1)
        // Raised so that all 64 stalled clients (one address, one user) are admitted.
        settings.clientBounds = .init(perUser: 1000, perSharedLink: 1000, perAddress: 1000)
        let service = try await TestService.make(
            environment: S3Settings.environment(maxConnections: Self.connections), settings: settings)
        let limiter = try #require(service.storage.limiter)
        let prefix = "archive-service-slow-readers/\(UUID().uuidString)"
        try await withCleanup {
            let ids = try await Self.seedObjects(count: 2, prefix: prefix, in: service)
            let body = #"{"assetIds":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
            try await service.run { client in
                let port = try #require(client.port)
                var stalled: [StalledClient] = []
                for _ in 0..<Self.stalledClients {
                    stalled.append(try await StalledClient.open(port: port, request: StalledClient.post(
                        "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"), json: body)))
                }
                #expect(try await MetricsProbe.poll(client, within: .seconds(20)) { _ in limiter.inUse == Self.connections },
                        "the stalled clients never held every S3 permit")

                let started = ContinuousClock.now
                let normal = try await CurlDownload.archive(port: port, assetIDs: ids, limit: 180)
                print("normal download behind \(Self.stalledClients) stalled readers took \(ContinuousClock.now - started)")
                #expect(normal.status == 200)
                let entries = try await ZipCheck.entries(of: normal.bytes)
                #expect(entries.count == 2 && entries.allSatisfy { $0.bytes.count == Self.objectBytes })
                #expect(entries.first?.bytes == Self.objectContent(0))

                // Every stalled reader has had its turn by now (the limiter is first come, first served); the last are
                // cut at most a send deadline after they stalled.
                let finished = ContinuousClock.now
                let released = try await MetricsProbe.poll(client, within: .seconds(10)) { metrics in
                    limiter.inUse == 0 && metrics["gallery_archive_archives_in_flight"] == 0
                }
                let took = ContinuousClock.now - finished
                print("permits back \(took) after the normal download ended (send deadline 1 s)")
                #expect(released, "S3 permits still held: \(limiter.inUse)")
                #expect(took <= .seconds(2), "permits came back \(took) after the download (send deadline 1 s)")
                let metrics = try await MetricsProbe.values(client)
                #expect(metrics["gallery_archive_aborts_total"] == Double(Self.stalledClients))
                withExtendedLifetime(stalled) {}
            }
        } cleanup: {
            try? await service.storage.router.s3?.deletePrefix(prefix + "/")
        }
    }

    /// Distinct, known bytes for object `index`.
    static func objectContent(_ index: Int) -> [UInt8] {
        (0..<objectBytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index &* 13 &+ $0 >> 12) }
    }

    /// `count` large objects on S3 and Alice's asset rows for them, in order.
    static func seedObjects(count: Int, prefix: String, in service: TestService) async throws -> [String] {
        let s3 = try #require(service.storage.router.s3)
        var ids: [String] = []
        for index in 0..<count {
            let key = "\(prefix)/\(index).bin"
            try await s3.put(key, from: .bytes(objectContent(index)))
            let asset = NewAsset(id: DemoLibrary.uuid("asset:slow:\(key)"), ownerID: DemoLibrary.userID("alice"),
                                 originalPath: key, originalFileName: "large-\(index).bin",
                                 fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000 + Double(index)),
                                 fileSizeInByte: Int64(objectBytes))
            try await service.catalog.write { try $0.asset(asset) }
            ids.append(asset.id)
        }
        return ids
    }
}
