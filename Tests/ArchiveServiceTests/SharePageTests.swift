import ArchiveService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The shared-link download page in a real browser (Debian's headless Chromium through Selenium,
/// `tests/browser/share_page.py`): it shows the album's name, file count and exact size, its button downloads the
/// archive into the browser's download directory, and that file is the archive the API gives for the same assets.
/// A password link shows its form first; a wrong password is refused. Screenshots go to `test-artifacts/`.
@Suite(.serialized) struct SharePageTests {
    static let artifacts = TestService.repository + "/test-artifacts"

    @Test(arguments: [DemoLibrary.Link.album, .password])
    func aVisitorDownloadsTheAlbumFromThePage(link: DemoLibrary.Link) async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let port = try #require(client.port)
            let cookie: HTTPFields = link == .password ? [.cookie: "immich_shared_link_token=\(DemoLibrary.passwordCookie)"] : [:]
            let info = try await client.post("/api/download/info?key=\(link.urlKey)", body: Body.album(DemoLibrary.sharedAlbumID),
                                             extraHeaders: cookie)
            let archives = try #require(try JSONSerialization.jsonObject(with: Data(info.bytes)) as? [String: Any])
            let total = try #require(archives["totalSize"] as? Int)
            let ids = try #require((archives["archives"] as? [[String: Any]])?.first?["assetIds"] as? [String])
            // The first download teaches the service the CRCs; the page's download and the API's then agree.
            let api = { try await client.post("/api/download/archive?key=\(link.urlKey)", body: Body.assets(ids), extraHeaders: cookie) }
            _ = try await api()
            let expected = try await api().bytes

            let downloads = NSTemporaryDirectory() + "page-downloads-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: downloads) }
            let screenshot = Self.artifacts + "/share-page-\(link.rawValue).png"
            let page = try await Browser.visit("http://127.0.0.1:\(port)/download/share/\(link.urlKey)", downloads: downloads,
                                               screenshot: screenshot, password: link == .password ? DemoLibrary.linkPassword : nil)
            #expect(page.title == DemoLibrary.sharedAlbumName)
            #expect(page.summary.hasPrefix("\(ids.count) files, "))
            #expect(page.bytes == total.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))))
            #expect(page.buttons == 1)
            #expect(link != .password || page.wrongPassword?.contains("Wrong password") == true)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: page.file))) == expected)
            #expect(FileManager.default.fileExists(atPath: screenshot))
        }
    }

    /// Refusals are pages a person can read, with the status that says why.
    @Test func refusalsArePages() async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let none = try await client.get("/download/share/\(DemoLibrary.Link.albumNoDownload.urlKey)")
            #expect(none.status == .forbidden && String(buffer: none.body).contains("does not allow downloads"))
            let expired = try await client.get("/download/share/\(DemoLibrary.Link.expired.urlKey)")
            #expect(expired.status == .gone && String(buffer: expired.body).contains("has expired"))
            let unknown = try await client.get("/download/s/nothing-here")
            #expect(unknown.status == .notFound && unknown.headers[.contentType] == "text/html; charset=utf-8")
            let wrong = try await client.execute(uri: "/download/share/\(DemoLibrary.Link.password.urlKey)", method: .post,
                                                 headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: .init(string: "password=nope"))
            #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains("Wrong password"))
            let right = try await client.execute(uri: "/download/share/\(DemoLibrary.Link.password.urlKey)", method: .post,
                                                 headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: .init(string: "password=\(DemoLibrary.linkPassword)"))
            #expect(right.status == .seeOther)
            #expect(right.headers[.setCookie]?.hasPrefix("immich_shared_link_token=") == true)
        }
    }
}

/// What `tests/browser/share_page.py` saw.
struct Browser: Decodable {
    let title: String
    let summary: String
    let bytes: String
    let buttons: Int
    let wrongPassword: String?
    let file: String

    static func visit(_ url: String, downloads: String, screenshot: String, password: String?) async throws -> Browser {
        let script = TestService.repository + "/tests/browser/share_page.py"
        let (status, output, errors) = try await ChildProcess.run(
            "/usr/bin/env", ["python3", script, url, downloads, screenshot] + (password.map { [$0] } ?? []))
        guard status == 0 else { throw ZipCheck.Failure(description: "browser: \(errors)") }
        return try JSONDecoder().decode(Browser.self, from: Data(output.utf8))
    }
}
