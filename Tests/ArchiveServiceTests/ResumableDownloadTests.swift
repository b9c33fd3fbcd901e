import ArchiveService
import Catalog
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 11: the CRC-32 cache, the known-CRC layout, GET download links and byte ranges of archives.
@Suite struct ResumableDownloadTests {
    static let selection = ArchiveDownloadTests.selection

    /// The first download computes every CRC and the cache keeps them; the second is the known-CRC layout: the same
    /// length (padding stands in for each descriptor), a new ETag, and every reader accepts it, Java's
    /// `ZipInputStream` included (it refuses stored entries with descriptors).
    @Test(arguments: TestCatalog.allCases)
    func theFirstDownloadFillsTheCacheAndTheSecondIsTheKnownCRCLayout(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let link = try await Self.link(client, Self.selection)
            let first = try await client.get(link)
            #expect(first.status == .ok)
            #expect(first.headers[.acceptRanges] == nil)
            let second = try await client.get(link)
            #expect(second.status == .ok)
            #expect(second.headers[.acceptRanges] == "bytes")
            #expect(second.bytes.count == first.bytes.count)
            #expect(second.bytes != first.bytes)
            #expect(second.headers[.eTag] != first.headers[.eTag])
            let third = try await client.get(link)
            #expect(third.bytes == second.bytes && third.headers[.eTag] == second.headers[.eTag])

            let info = try await client.post("/api/download/info", .key("alice"), body: Body.assets(Self.selection))
            let total = try #require(try JSONSerialization.jsonObject(with: Data(info.bytes)) as? [String: Any])["totalSize"]
            #expect(total as? Int == second.bytes.count)
            let expected = try await ZipCheck.entries(of: first.bytes)
            #expect(try await ZipCheck.entries(of: second.bytes).map(\.bytes) == expected.map(\.bytes))
            try await ZipCheck.javaAndBsdtar(second.bytes, entries: expected.count)
        }
    }

    /// curl cut off halfway and resumed with `-C -`, and wget with `-c`: both end with the bytes of an
    /// uninterrupted download. A stale `If-Range` gets the whole archive.
    @Test func curlAndWgetResumeACutDownload() async throws {
        let service = try await TestService.make()
        // 4 MiB in the album: far more than the pipe and socket buffers, so the tool is still reading when cut.
        try Data((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(
            to: URL(fileURLWithPath: service.directory + "/media/library/alice/beach-1.jpg"))
        try await service.run { client in
            let port = try #require(client.port)
            let link = try await Self.link(client, service.albumDownloadIDs)
            _ = try await client.get(link)  // fills the CRC cache
            let whole = try await client.get(link)
            #expect(whole.headers[.acceptRanges] == "bytes")
            let url = "http://127.0.0.1:\(port)\(link)"
            for tool in ResumingTool.allCases {
                let path = NSTemporaryDirectory() + "resume-\(UUID().uuidString).zip"
                defer { try? FileManager.default.removeItem(atPath: path) }
                try await tool.cutHalfway(url, to: path, total: whole.bytes.count)
                let (status, output, errors) = try await ChildProcess.run("/usr/bin/env", tool.resume(url, to: path))
                #expect(status == 0, "\(tool) resume: \(output) \(errors)")
                #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == whole.bytes, "\(tool)")
            }
            let stale = try await client.get(link, extraHeaders: [.range: "bytes=100-", .ifRange: #""not-this-one""#])
            #expect(stale.status == .ok && stale.bytes == whole.bytes)
            let fresh = try await client.get(link, extraHeaders: [.range: "bytes=100-", .ifRange: whole.headers[.eTag]!])
            #expect(fresh.status == .partialContent && fresh.bytes == Array(whole.bytes[100...]))
        }
    }

    /// Random single ranges (first-last, first-, -suffix; one byte; inside the central directory) equal the same
    /// slice of the whole archive; past the end is 416 with `bytes */N`; `If-None-Match` is 304. (Ranges across a
    /// ZIP64 boundary are the writer's `PlanPropertyTests`, on a plan beyond 4 GiB.)
    @Test func randomRangesEqualTheSliceOfTheWholeArchive() async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let link = try await Self.link(client, service.albumDownloadIDs)
            _ = try await client.get(link)
            let whole = try await client.get(link).bytes
            let n = whole.count
            var generator = SystemRandomNumberGenerator()
            var ranges: [(header: String, slice: Range<Int>)] = [("bytes=0-0", 0..<1), ("bytes=\(n - 1)-", (n - 1)..<n),
                                                                  ("bytes=-22", (n - 22)..<n), ("bytes=\(n - 200)-\(n + 500)", (n - 200)..<n)]
            for _ in 0..<40 {
                let a = Int.random(in: 0..<n, using: &generator), b = Int.random(in: a..<n, using: &generator)
                ranges.append(("bytes=\(a)-\(b)", a..<(b + 1)))
            }
            for (header, slice) in ranges {
                let part = try await client.get(link, extraHeaders: [.range: header])
                #expect(part.status == .partialContent, "\(header)")
                #expect(part.headers[.contentRange] == "bytes \(slice.lowerBound)-\(slice.upperBound - 1)/\(n)")
                #expect(part.bytes == Array(whole[slice]), "\(header)")
            }
            let past = try await client.get(link, extraHeaders: [.range: "bytes=\(n)-"])
            #expect(past.status == .rangeNotSatisfiable && past.headers[.contentRange] == "bytes */\(n)")
            let etag = try await client.get(link, extraHeaders: [.range: "bytes=0-0"]).headers[.eTag]!
            #expect(try await client.get(link, extraHeaders: [.ifNoneMatch: etag]).status == .notModified)
        }
    }

    /// A file changed on disk (same size, new mtime) is not served with its old CRC: its new tag finds nothing in
    /// the cache. A cached CRC that does not match the bytes (the cache is wrong) fails the download: the
    /// connection is cut before the end rather than an archive every reader rejects.
    @Test func aChangedFileIsNeverServedWithItsOldCRC() async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let port = try #require(client.port)
            let ids = [Assets.id("sunrise"), Assets.id("cafe")]
            let link = try await Self.link(client, ids)
            _ = try await client.get(link)
            #expect(try await client.get(link).headers[.acceptRanges] == "bytes")

            let path = service.directory + "/media/library/alice/sunrise.jpg"
            var bytes = try service.mediaFile("library/alice/sunrise.jpg")
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let changed = try await client.get(link)
            #expect(changed.headers[.acceptRanges] == nil)
            #expect(try await ZipCheck.entries(of: changed.bytes).first?.bytes == bytes)

            // Now the cache holds the changed file's CRC; give its identity a wrong one.
            let database = try DatabaseQueue(path: service.directory + "/catalog.sqlite")
            try await database.write { db in
                try db.execute(sql: "UPDATE gallery_archive_crc32 SET crc32 = (crc32 + 1) % 4294967296 WHERE path LIKE '%sunrise.jpg'")
            }
            let saved = NSTemporaryDirectory() + "wrong-crc-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: saved) }
            let (status, _, _) = try await ChildProcess.run("/usr/bin/curl", ["-sS", "-o", saved, "http://127.0.0.1:\(port)\(link)"])
            #expect(status == 18)  // CURLE_PARTIAL_FILE: fewer bytes than Content-Length
            // Nothing may be on disk at all: the first entry's bytes were still gathered when the check failed.
            #expect(((try? Data(contentsOf: URL(fileURLWithPath: saved)))?.count ?? 0) < changed.bytes.count)
        }
    }

    /// Originals answer ranges too (a video scrubbed in the browser, a resumed save): 206 with the slice, 304 for
    /// the version held, 416 past the end.
    @Test func originalsAnswerRanges() async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let uri = "/api/assets/\(Assets.id("sunrise"))/original"
            let whole = try service.mediaFile("library/alice/sunrise.jpg")
            let full = try await client.get(uri, .key("alice"))
            #expect(full.status == .ok && full.bytes == whole && full.headers[.acceptRanges] == "bytes")
            let part = try await client.get(uri, .key("alice"), extraHeaders: [.range: "bytes=10-19"])
            #expect(part.status == .partialContent && part.bytes == Array(whole[10..<20]))
            #expect(part.headers[.contentRange] == "bytes 10-19/\(whole.count)")
            let etag = try #require(full.headers[.eTag])
            #expect(try await client.get(uri, .key("alice"), extraHeaders: [.ifNoneMatch: etag]).status == .notModified)
            let past = try await client.get(uri, .key("alice"), extraHeaders: [.range: "bytes=\(whole.count)-"])
            #expect(past.status == .rangeNotSatisfiable)
        }
    }

    /// A link needs no other credential and survives a restart (its state is in the catalog); an altered token is
    /// 404, an expired link 410, and an asset that left the album stops the next GET of a shared-link visitor's link.
    @Test func linksNeedNoCredentialSurviveARestartAndAreCheckedOnEveryGet() async throws {
        let service = try await TestService.make()
        let key = DemoLibrary.Link.album.urlKey
        let (link, shareLink) = try await service.serveAgain { client in
            let link = try await Self.link(client, Self.selection)
            #expect(try await client.get(link).status == .ok)
            return (link, try await Self.link(client, service.albumDownloadIDs, query: "?key=\(key)", credential: .none))
        }
        try await service.run { client in
            #expect(try await client.get(link).status == .ok)
            var altered = Array(link.utf8)
            altered[altered.count - 5] = altered[altered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let tampered = try await client.get(String(decoding: altered, as: UTF8.self))
            #expect(tampered.status == .notFound && tampered.errorMessage == "Download link not found")

            let token = DownloadLinksForTests.token
            try await service.catalog.saveDownloadLink(DownloadLinkRecord(
                digest: GallerySecrets.tokenDigest(token), subject: .user(id: DemoLibrary.userID("alice"), elevated: false),
                assetIDs: Self.selection, edited: false, archiveName: nil, expiresAt: Date(timeIntervalSinceNow: -1)))
            let expired = try await client.get("/api/download/links/" + token)
            #expect(expired.status == .gone && expired.errorMessage?.contains("expired") == true)

            #expect(try await client.get(shareLink).status == .ok)
            let database = try DatabaseQueue(path: service.directory + "/catalog.sqlite")
            try await database.write { db in
                try db.execute(sql: "DELETE FROM album_asset WHERE albumId = ? AND assetId = ?",
                               arguments: [DemoLibrary.sharedAlbumID, service.albumDownloadIDs[0]])
            }
            let refused = try await client.get(shareLink)
            #expect(refused.status == .forbidden)
            #expect(refused.errorMessage?.contains(service.albumDownloadIDs[0]) == true)
        }
    }

    /// `POST /api/download/links` as `credential`, answering the link's path.
    static func link(_ client: some TestClientProtocol, _ ids: [String], query: String = "",
                     credential: Credential = .key("alice")) async throws -> String {
        let response = try await client.post("/api/download/links" + query, credential, body: Body.assets(ids))
        #expect(response.status == .created, "\(response.errorMessage ?? "")")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: String])
        let url = try #require(object["url"].flatMap(URL.init(string:)))
        #expect(object["expiresAt"].flatMap { ISO8601DateFormatter().date(from: $0) }.map { $0 > Date() } == true)
        return url.path
    }
}

/// A well-formed token no link was made with.
enum DownloadLinksForTests {
    static let token = String(repeating: "x", count: 43)
}

/// The two download managers the issue names, each cut off halfway and then resumed.
enum ResumingTool: CaseIterable, CustomStringConvertible {
    case curl, wget

    var description: String { self == .curl ? "curl -C -" : "wget -c" }

    /// Downloads into `path` through `head -c`, which exits after half the archive: the tool dies of SIGPIPE
    /// mid-transfer with its connection open, as a download cut by a dropped network does (deterministic, unlike
    /// a kill timed against a rate limit that loopback bursts past).
    func cutHalfway(_ url: String, to path: String, total: Int) async throws {
        let tool = self == .curl ? #"curl -sS "$1""# : #"wget -q -O - "$1""#
        _ = try await ChildProcess.run("/bin/sh", ["-c", tool + #" | head -c "$2" > "$3""#, "sh", url, String(total / 2), path])
        let kept = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(kept == total / 2, "\(self) kept \(kept) of \(total) bytes")
    }

    func resume(_ url: String, to path: String) -> [String] {
        self == .curl ? ["curl", "-sS", "-f", "-C", "-", "-o", path, url] : ["wget", "-q", "-c", "-O", path, url]
    }
}
