import Catalog
import ArchiveService
import Backends
import Foundation
import HummingbirdTesting
import Testing

/// Read-ahead inside the global S3 limiter, with 20 ms added to every S3 request (DESIGN §4, Streaming): one
/// archive opens several sources at once, and many concurrent archives never hold more connections than the limit.
/// Objects this small are read whole while the archive is planned (S3PrefetchTests), several at once, so that is
/// where these archives overlap their requests; streaming then requests nothing more.
/// (Times are printed for the record, never asserted: figures belong to benchmarks.)
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct S3ReadAheadTests {
    static let limit = 32

    @Test func readAheadOverlapsSourcesAndConcurrentArchivesStayWithinTheConnectionLimit() async throws {
        let proxy = try await FaultProxy(["--latency-ms", "20"])
        var environment = S3Settings.environment(maxConnections: Self.limit)
        environment["IMMICH_S3_ENDPOINT"] = proxy.endpoint
        let service = try await TestService.make(environment: environment)
        let ids = try await Self.seedObjects(count: 500, in: service)
        try await withCleanup {
            try await service.run { client in
                try await proxy.reset()
                let start = ContinuousClock.now
                let one = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
                print("500 S3 objects, 20 ms per request: one archive in \(ContinuousClock.now - start)")
                #expect(one.status == .ok)
                #expect(try await ZipCheck.entries(of: one.bytes).count == 500)
                // One request per object: 4 KiB objects (2 MiB in all, within the 8 MiB budget) are read whole by
                // the GET that checks them while planning, which replaced the HEAD, and streaming requests nothing
                // more. It was 1,000 (a HEAD and a GET each; docs/BENCHMARKS.md, "Run 4").
                #expect(try await proxy.stats()["requests"] as? Int == 500)
                let overlap = try await proxy.maxConnections()
                #expect(overlap > 1, "planning should read several S3 objects at once")
                #expect(overlap <= Self.limit)

                try await proxy.reset()
                let slices = (0..<20).map { Array(ids[($0 * 25)..<($0 * 25 + 25)]) }
                let sizes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    for (index, slice) in slices.enumerated() {
                        group.addTask {
                            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(slice))
                            #expect(response.status == .ok)
                            return (index, try await ZipCheck.entries(of: response.bytes).count)
                        }
                    }
                    return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
                }
                #expect(sizes.count == 20 && sizes.values.allSatisfy { $0 == 25 })
                #expect(try await proxy.maxConnections() <= Self.limit)
            }
        } cleanup: {
            try? await service.storage.router.s3?.deletePrefix("archive-service-readahead/")
        }
    }

    /// `count` small objects on S3 (through the proxy, 8 at a time) and their asset rows, in order.
    static func seedObjects(count: Int, in service: TestService) async throws -> [String] {
        let prefix = "archive-service-readahead/\(UUID().uuidString)"
        let s3 = try #require(service.storage.router.s3)
        let assets = (0..<count).map { index in
            NewAsset(id: DemoLibrary.uuid("\(prefix)/\(index)"), ownerID: DemoLibrary.userID("alice"),
                     originalPath: "\(prefix)/\(index).jpg", originalFileName: "photo-\(index).jpg",
                     fileCreatedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)), fileSizeInByte: 4096)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, asset) in assets.enumerated() {
                if index >= 8 { try await group.next() }
                group.addTask {
                    try await s3.put(asset.originalPath, from: .bytes((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }))
                }
            }
            try await group.waitForAll()
        }
        try await service.catalog.write { writer in
            for asset in assets { try writer.asset(asset) }
        }
        return assets.map(\.id)
    }
}
