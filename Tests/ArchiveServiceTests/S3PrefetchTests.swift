import ArchiveService
import Backends
import Catalog
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Small S3 objects are read whole while an archive is planned (one GET instead of a HEAD and a GET), within the
/// read-ahead's byte budget of 8 MiB per archive; larger objects, those beyond the budget and those the catalog
/// has no size for keep the HEAD. Counted by the fault proxy (no faults) between the service and SeaweedFS.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct S3PrefetchTests {
    /// Objects with no stored checksum (uploaded as another tool would): every CRC-32 the first archive knows was
    /// computed from the bytes read while planning.
    @Test func smallObjectsAreReadOnceEachAndTheFirstArchiveIsRangeReady() async throws {
        let proxy = try await FaultProxy([])
        let service = try await TestService.make(environment: Self.environment(through: proxy))
        let limit = try #require(service.storage.router.s3 as? any WholeObjectReading).wholeObjectLimit
        let sizes = [1, 100, 4_096, 65_537, 200_000, limit]
        let objects = Self.objects(sizes.map { (real: $0, catalog: Int64($0)) })
        try await withCleanup {
            for object in objects { try await AWSOracle.putWithoutChecksum(object.key, object.bytes) }
            let ids = try await Self.catalog(objects, in: service)
            try await service.run { client in
                let (link, first, requests) = try await Self.firstDownload(objects, ids, by: client, counting: proxy)
                // One GET per object while planning: no HEAD, and nothing left to request while streaming.
                #expect(requests == objects.count)
                // From the middle of the 200,000-byte object: entries read whole are served from an offset too.
                let tail = try await client.get(link, extraHeaders: [.range: "bytes=100000-"])
                #expect(tail.status == .partialContent && tail.bytes == Array(first.bytes[100_000...]))
            }
        } cleanup: {
            try? await service.storage.router.s3?.deletePrefix(Self.prefix(of: objects))
        }
    }

    /// A small object that is missing is found by its GET while planning: the same answer as a missing HEAD gave.
    @Test func aMissingSmallObjectIsAnErrorNamingTheAssetBeforeAnyByte() async throws {
        let service = try await TestService.make(environment: S3Settings.environment())
        let s3 = try #require(service.storage.router.s3)
        let objects = Self.objects([(4_096, 4_096), (4_096, 4_096)])
        try await withCleanup {
            try await s3.put(objects[0].key, from: .bytes(objects[0].bytes))
            let ids = try await Self.catalog(objects, in: service)
            try await service.run { client in
                let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
                #expect(response.status == .notFound)
                let message = try #require(response.errorMessage)
                #expect(message.contains(ids[1]) && message.contains("object-1.bin"), "\(message)")
                #expect(!response.bytes.starts(with: [0x50, 0x4B]))
            }
        } cleanup: {
            try? await s3.deletePrefix(Self.prefix(of: objects))
        }
    }

    /// What is not read whole keeps its HEAD and a GET while streaming: an object over one chunk, one past the
    /// budget, and one larger than the catalog says (its real size goes in the archive, as with the HEAD; one the
    /// catalog thinks larger than it is is read whole at its real size).
    @Test func objectsOverTheChunkOrTheBudgetOrTheirCatalogSizeAreHeadedAndStreamed() async throws {
        let proxy = try await FaultProxy([])
        let service = try await TestService.make(environment: Self.environment(through: proxy))
        let s3 = try #require(service.storage.router.s3)
        // Over one chunk (256 KiB); 5,000 bytes said to be 9,000 and 5,000 said to be 1,000; 34 of 250,000 bytes.
        let small: (real: Int, catalog: Int64) = (250_000, 250_000)
        let objects = Self.objects([(300 << 10, 300 << 10), (5_000, 9_000), (5_000, 1_000)]
                                   + Array(repeating: small, count: 34))
        try await withCleanup {
            for object in objects { try await s3.put(object.key, from: .bytes(object.bytes)) }
            let ids = try await Self.catalog(objects, in: service)
            try await service.run { client in
                // Rangeable: every CRC is known, computed from the bytes read whole, or the checksum stored with the
                // object (our PutObject sends one) that its HEAD, or its GET stopped at the headers, brought.
                let (_, _, requests) = try await Self.firstDownload(objects, ids, by: client, counting: proxy)
                // The budget (8 MiB = 8,388,608) reserves catalog sizes in plan order: 9,000 + 1,000, then 33 of the
                // 250,000-byte objects (8,260,000 in all); the 34th would pass it. Read whole (one GET each): the
                // 9,000 and the 33. A HEAD (or a GET that stopped at the headers) and a GET: the 300 KiB, the
                // 1,000 that is 5,000, the 34th. 34 + 2 x 3 = 40.
                #expect(requests == 40)
            }
        } cleanup: {
            try? await s3.deletePrefix(Self.prefix(of: objects))
        }
    }

    /// The first download of `objects` (assets `ids`) by link, with `proxy`'s counters reset just before it: an
    /// archive every reader accepts, of the objects' bytes, that offers ranges (every CRC-32 known in advance).
    /// The link, the answer and how many requests the proxy counted.
    static func firstDownload(_ objects: [Object], _ ids: [String], by client: some TestClientProtocol,
                              counting proxy: FaultProxy) async throws -> (String, TestResponse, Int?) {
        let link = try await ResumableDownloadTests.link(client, ids)
        try await proxy.reset()
        let response = try await client.get(link)
        let requests = try await proxy.stats()["requests"] as? Int
        #expect(response.status == .ok)
        #expect(response.headers[.acceptRanges] == "bytes")
        #expect(try await ZipCheck.entries(of: response.bytes).map(\.bytes) == objects.map(\.bytes))
        try await ZipCheck.javaAndBsdtar(response.bytes, entries: objects.count)
        return (link, response, requests)
    }

    static func environment(through proxy: FaultProxy) -> [String: String] {
        var environment = S3Settings.environment()
        environment["IMMICH_S3_ENDPOINT"] = proxy.endpoint
        return environment
    }

    /// An object to store, and the size the catalog records for it.
    struct Object {
        let key: String
        let bytes: [UInt8]
        let catalogSize: Int64
    }

    /// Objects of the given real and catalog sizes, with distinct bytes, under a fresh prefix.
    static func objects(_ sizes: [(real: Int, catalog: Int64)]) -> [Object] {
        let prefix = "archive-service-prefetch/\(UUID().uuidString)"
        return sizes.enumerated().map { index, size in
            Object(key: "\(prefix)/object-\(index).bin",
                   bytes: (0..<size.real).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ index) }, catalogSize: size.catalog)
        }
    }

    /// The folder `objects` were made under.
    static func prefix(of objects: [Object]) -> String {
        (objects.first?.key ?? "").split(separator: "/").dropLast().joined(separator: "/") + "/"
    }

    /// Alice's asset rows for `objects`, in order (taken a second apart): their ids.
    static func catalog(_ objects: [Object], in service: TestService) async throws -> [String] {
        let assets = objects.enumerated().map { index, object in
            NewAsset(id: DemoLibrary.uuid("asset:prefetch:\(object.key)"), ownerID: DemoLibrary.userID("alice"),
                     originalPath: object.key, originalFileName: "object-\(index).bin",
                     fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000 + Double(index)),
                     fileSizeInByte: object.catalogSize)
        }
        try await service.catalog.write { writer in
            for asset in assets { try writer.asset(asset) }
        }
        return assets.map(\.id)
    }
}
