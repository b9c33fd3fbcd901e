import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP side of the stress tool: the requests Gallery's clients make to the service, each with a deadline.
struct GalleryClient: Sendable {
    /// The answer of `POST /api/download/info`.
    struct DownloadInfo: Decodable, Sendable {
        struct Archive: Decodable, Sendable {
            let size: UInt64
            let assetIds: [String]
        }

        let totalSize: UInt64
        let archives: [Archive]
    }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        let request: String
        let status: HTTPResponseStatus
        var description: String { "\(request) answered \(status.code) \(status.reasonPhrase)" }
    }

    let http: HTTPClient
    /// The service's base URL, without a trailing slash.
    let base: String
    let credential: StressCredential
    /// For the small requests (info, metrics): head and body.
    let deadline: TimeAmount

    /// The album's archives as the service splits it.
    func downloadInfo(album: String) async throws -> DownloadInfo {
        let request = try jsonPost("/api/download/info", body: ["albumId": album])
        let response = try await http.execute(request, deadline: .now() + deadline)
        guard response.status == .created else { throw UnexpectedStatus(request: "download/info", status: response.status) }
        let body = try await response.body.collect(upTo: 64 << 20)
        return try JSONDecoder().decode(DownloadInfo.self, from: Data(buffer: body))
    }

    /// The request for one archive, or for its bytes from `offset` on when the representation is still `etag`.
    func archiveRequest(assetIds: [String], resumingAt offset: UInt64? = nil, etag: String? = nil) throws
        -> HTTPClientRequest
    {
        var request = try jsonPost("/api/download/archive", body: ["assetIds": assetIds])
        if let offset, let etag {
            request.headers.add(name: "Range", value: "bytes=\(offset)-")
            request.headers.add(name: "If-Range", value: etag)
        }
        return request
    }

    /// The Prometheus exposition at `/metrics` (unauthenticated, like `/health`).
    func metricsText() async throws -> String {
        let response = try await http.execute(HTTPClientRequest(url: base + "/metrics"), deadline: .now() + deadline)
        guard response.status == .ok else { throw UnexpectedStatus(request: "metrics", status: response.status) }
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    private func jsonPost(_ path: String, body: some Encodable) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: credential.url(base, path))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        credential.authorize(&request)
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        return request
    }
}
