import ArchiveService
import Catalog
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// Requests at the sizes where limits and batches begin: seconds of CPU each in a debug build, so the test command
/// runs this suite on its own (scripts/test.sh), where the test client's 20 s deadline measures the server and not
/// the other suites sharing two cores, and its tests one after another.
@Suite(.serialized) struct LargeRequestTests {
    /// Two million numbers fill the 4 MiB body: parsed once (no error thrown per element) and refused by count.
    @Test func twoMillionNumbersAreRefusedByCount() async throws {
        let service = try await TestService.make(.sqlite)
        try await service.run { client in
            let body = #"{"assetIds":["# + Array(repeating: "0", count: 2_000_000).joined(separator: ",") + "]}"
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.json(body))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains("too many assetIds (2000000)") == true)
        }
    }

    /// The cache is asked a batch of files at a time (`DownloadService.crcLookupBatch`, 1,000): the second download
    /// of 2,003 files (three batches, the last of three) is the known-CRC layout, so every CRC came back, and every
    /// reader's CRC check passes on it.
    @Test(arguments: TestCatalog.allCases)
    func theCacheKnowsEveryFileOfAnArchiveLargerThanOneLookup(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let directory = service.directory + "/media/library/alice/many"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var assets: [NewAsset] = []
        for number in 0..<2003 {
            let path = directory + "/file-\(number).bin"
            let bytes = Data("file \(number) of 2003\n".utf8)
            try bytes.write(to: URL(fileURLWithPath: path))
            let asset = NewAsset(id: DemoLibrary.uuid("asset:many-\(number)"), ownerID: DemoLibrary.userID("alice"),
                                 originalPath: path, originalFileName: "file-\(number).bin",
                                 fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000 + Double(number)),
                                 fileSizeInByte: Int64(bytes.count))
            assets.append(asset)
        }
        try await service.catalog.write { [assets] writer in
            for asset in assets { try writer.asset(asset) }
        }
        let ids = assets.map(\.id)
        try await service.run { client in
            let link = try await ResumableDownloadTests.link(client, ids)
            let first = try await client.get(link)
            #expect(first.status == .ok && first.headers[.acceptRanges] == nil)
            let second = try await client.get(link)
            #expect(second.status == .ok)
            #expect(second.headers[.acceptRanges] == "bytes")
            #expect(second.bytes.count == first.bytes.count && second.bytes != first.bytes)
            let entries = try await ZipCheck.entries(of: second.bytes)
            #expect(entries.count == 2003)
            #expect(entries.map(\.bytes) == (try await ZipCheck.entries(of: first.bytes)).map(\.bytes))
        }
    }
}
