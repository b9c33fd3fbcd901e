import ArchiveService
import Catalog
import Foundation
import GRDB
import HTTPTypes
import StorageTools
import Testing

/// `crc warm` over the demo album: the cache afterwards holds, for every file, the CRC-32 Python's zlib computes
/// (the outside oracle); the album's first download is then already resumable; a second warm-up reads nothing.
@Suite struct CRCWarmTests {
    @Test func warmingAnAlbumMakesItsFirstDownloadResumable() async throws {
        let service = try await TestService.make()
        // The album's assets and the motion parts of its live photos, as the command warms them.
        let assets = try await service.catalog.assets(ids: service.albumDownloadIDs)
        let warmer = CRCWarmer(cache: service.catalog, storage: service.router, concurrency: 3)
        let first = try await warmer.warm(assets) { _ in }
        let files = assets.count + assets.filter { $0.editedPath != nil }.count
        #expect(first.done == files && first.learnt == files && first.failures.isEmpty)

        let database = try DatabaseQueue(path: service.directory + "/catalog.sqlite")
        let rows = try await database.read { db in try Row.fetchAll(db, sql: "SELECT path, crc32 FROM gallery_archive_crc32") }
        #expect(rows.count == files)
        for row in rows {
            let path: String = row["path"]
            let (_, output, _) = try await ChildProcess.run("/usr/bin/env", [
                "python3", "-c", "import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()))", path])
            #expect(Int64(output.trimmingCharacters(in: .whitespacesAndNewlines)) == row["crc32"], "\(path)")
        }

        let again = try await warmer.warm(assets) { _ in }
        #expect(again.alreadyKnown == files && again.learnt == 0 && again.bytesRead == 0)

        try await service.run { client in
            let link = try await ResumableDownloadTests.link(client, service.albumDownloadIDs)
            #expect(try await client.get(link).headers[.acceptRanges] == "bytes")
        }
    }
}
