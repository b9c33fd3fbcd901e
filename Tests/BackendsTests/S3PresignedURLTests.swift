@testable import Backends
import Foundation
import Testing

/// Presigned GET URLs fetched by the curl command line from SeaweedFS, which checks signatures and expiry.
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3PresignedURLTests {
    let backend = S3TestEnvironment.backend().backend
    let prefix = S3TestEnvironment.uniquePrefix("presign")

    @Test func curlGetsTheObjectWithOverriddenHeaders() async throws {
        let key = prefix + "/Holiday photo é+;&~%.jpg"
        let bytes = testBytes(count: 50_000, seed: 21)
        try await backend.put(key, from: .bytes(bytes))
        let options = ServeOptions(contentType: "image/jpeg", downloadFileName: "Mum's \"best\" é.jpg")
        guard case .redirect(let url) = try await backend.serveStrategy(for: key, options: options) else {
            Issue.record("expected .redirect"); return
        }
        let headersFile = NSTemporaryDirectory() + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: headersFile) }
        let result = try await curl(["-s", "-f", "-D", headersFile, url])
        #expect(result.status == 0, "\(result.errors)")
        #expect([UInt8](result.output) == bytes)
        let headers = try String(contentsOfFile: headersFile, encoding: .utf8).lowercased()
        #expect(headers.contains("content-type: image/jpeg"))
        #expect(headers.contains("content-disposition: attachment; filename=\"mum's _best_ _.jpg\"; filename*=utf-8''mum%27s%20%22best%22%20%c3%a9.jpg"))
    }

    @Test func tamperedURLIsRefused() async throws {
        let key = prefix + "/a.jpg"
        try await backend.put(key, from: .bytes([1, 2, 3]))
        let url = try await backend.presignedURL(for: key, options: ServeOptions(contentType: "image/jpeg"), expires: 600)
        #expect(try await curl(["-s", "-f", "-o", "/dev/null", url]).status == 0)
        let tampered = url.replacingOccurrences(of: "image%2Fjpeg", with: "text%2Fhtml")
        #expect(tampered != url)
        #expect(try await curl(["-s", "-f", "-o", "/dev/null", tampered]).status == 22)  // curl -f: HTTP error
        let otherKey = url.replacingOccurrences(of: "/a.jpg", with: "/b.jpg")
        #expect(try await curl(["-s", "-f", "-o", "/dev/null", otherKey]).status == 22)
    }

    @Test func expiredURLIsRefused() async throws {
        let key = prefix + "/expiring.jpg"
        try await backend.put(key, from: .bytes([1]))
        let url = try await backend.presignedURL(for: key, options: ServeOptions(), expires: 1)
        try await Task.sleep(for: .milliseconds(2100))
        let result = try await curl(["-s", "-w", "%{http_code}", "-o", "/dev/null", url])
        #expect(String(decoding: result.output, as: UTF8.self) == "403")
    }
}
