import Catalog
import Backends
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/assets/{id}/original`: the backend's serve strategy — a disk file, a 302 to a presigned S3 URL, or
/// S3 bytes proxied through.
struct OriginalRoute {
    let dependencies: ArchiveDependencies
    /// Gallery's `CacheControl.PrivateWithoutCache`: a presigned URL must not be cached or rewritten by proxies.
    static let redirectCacheControl = "private, no-cache, no-transform"

    func register(on router: Router<ArchiveRequestContext>) {
        router.get("/api/assets/{id}/original") { request, context in
            try await original(request, context: context)
        }
    }

    private func original(_ request: Request, context: ArchiveRequestContext) async throws -> Response {
        let (principal, _) = try await dependencies.downloader(of: request, context: context)
        guard let raw = context.parameters.get("id"), let uuid = UUID(uuidString: raw), raw.utf8.count == 36 else {
            throw ServiceError.badRequest("id must be a UUID")
        }
        let asked = try DownloadRequestParser.flag(request.uri.queryParameters.get("edited").map { String($0) },
                                                   field: "edited") ?? false
        let resolver = dependencies.downloads.resolver
        guard let asset = try await resolver.downloadable([uuid.uuidString.lowercased()], for: principal).first else {
            throw ServiceError.notFound("Asset \(raw) not found")
        }
        let edited: Bool
        if case .sharedLink = principal { edited = true } else { edited = asked }
        let path = edited ? asset.editedPath ?? asset.originalPath : asset.originalPath
        let contentType = MediaTypes.forFileName(asset.originalFileName)
        let (backend, key) = try locate(asset, path: path)
        let strategy = try await stored(asset) {
            try await backend.serveStrategy(for: key, options: ServeOptions(
                contentType: contentType, downloadFileName: asset.originalFileName))
        }
        var headers: HTTPFields = [
            .contentType: contentType,
            .contentDisposition: ContentDisposition.attachment(fileName: asset.originalFileName),
            .cacheControl: Self.redirectCacheControl,
        ]
        switch strategy {
        case .redirect(let url):
            // S3 answers the browser's ranges itself.
            headers = [.location: url, .cacheControl: Self.redirectCacheControl]
            return Response(status: .found, headers: headers)
        case .file(let filePath):
            let info = try await stored(asset) { try await backend.head(key) }
            return try await ranged(request, info, headers) { range in
                let body = if let range {
                    try await FileIO().loadFile(path: filePath, range: range, context: context)
                } else {
                    try await FileIO().loadFile(path: filePath, context: context)
                }
                // Hummingbird's file body offers no per-piece hook: the file's length is counted as it is handed over.
                dependencies.metrics.bytesOut.increment(by: Int64(body.contentLength ?? 0))
                return body
            }
        case .stream(let whole, let info):
            return try await ranged(request, info, headers) { range in
                // A range drops the whole-object stream (closing its transfer) for a ranged read of the same version.
                guard let range else { return proxied(whole, length: Int(info.size), context: context) }
                let part = try await stored(asset) {
                    try await backend.get(key, range: ByteRange(
                        offset: Int64(range.lowerBound), length: Int64(range.count), version: info.etag))
                }
                return proxied(part, length: range.count, context: context)
            }
        }
    }

    /// The original whole (200), a single range of it (206), 304 for the version the client holds, or 416, with
    /// `Accept-Ranges` and the storage's ETag: browsers and download managers resume originals like archives.
    private func ranged(_ request: Request, _ info: ObjectInfo, _ base: HTTPFields,
                        body: (ClosedRange<Int>?) async throws -> ResponseBody) async throws -> Response {
        var headers = base
        headers[.eTag] = info.etag
        headers[.acceptRanges] = "bytes"
        let length = UInt64(info.size)
        switch ByteRangeRequest.evaluate(request.headers, length: length, etag: info.etag) {
        case .whole:
            return Response(status: .ok, headers: headers, body: try await body(nil))
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(length)"
            return Response(status: .partialContent, headers: headers,
                            body: try await body(Int(range.lowerBound)...Int(range.upperBound - 1)))
        case .notModified:
            return Response(status: .notModified, headers: [.eTag: info.etag, .cacheControl: Self.redirectCacheControl])
        case .unsatisfiable:
            return ByteRangeRequest.unsatisfiable(length: length)
        }
    }

    /// S3 bytes streamed through, paced to the client with the send deadline.
    private func proxied(_ stream: StorageByteStream, length: Int, context: ArchiveRequestContext) -> ResponseBody {
        let metrics = dependencies.metrics
        let relay = context.bodyRelay(sendTimeout: dependencies.settings.sendTimeout)
        return ResponseBody(contentLength: length) { writer in
            try await relay.run(to: &writer, wrote: { metrics.bytesOut.increment(by: Int64($0.readableBytes)) }) { send in
                for try await chunk in stream { try await send(chunk) }
            }
            try await writer.finish(nil)
        }
    }

    private func locate(_ asset: AssetRecord, path: String) throws -> (backend: any StorageBackend, key: String) {
        do { return try dependencies.storage.locate(path) } catch { throw StorageFailure.mapped(error, asset: asset) }
    }

    /// A storage call whose failure is answered as one, naming the asset.
    private func stored<Value>(_ asset: AssetRecord, _ call: () async throws -> Value) async throws -> Value {
        do { return try await call() } catch { throw StorageFailure.mapped(error, asset: asset) }
    }
}
