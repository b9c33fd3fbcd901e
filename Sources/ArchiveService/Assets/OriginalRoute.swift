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
        let strategy = try await serveStrategy(asset, path: path, options: ServeOptions(
            contentType: contentType, downloadFileName: asset.originalFileName))
        var headers: HTTPFields = [
            .contentType: contentType,
            .contentDisposition: ContentDisposition.attachment(fileName: asset.originalFileName),
            .cacheControl: Self.redirectCacheControl,
        ]
        switch strategy {
        case .redirect(let url):
            headers = [.location: url, .cacheControl: Self.redirectCacheControl]
            return Response(status: .found, headers: headers)
        case .file(let filePath):
            let body = try await FileIO().loadFile(path: filePath, context: context)
            // Hummingbird's file body offers no per-piece hook: the file's length is counted as it is handed over.
            dependencies.metrics.bytesOut.increment(by: Int64(body.contentLength ?? 0))
            return Response(status: .ok, headers: headers, body: body)
        case .stream(let stream, let info):
            headers[.eTag] = info.etag
            let metrics = dependencies.metrics
            let relay = context.bodyRelay(sendTimeout: dependencies.settings.sendTimeout)
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(info.size)) { writer in
                try await relay.run(to: &writer, wrote: { metrics.bytesOut.increment(by: Int64($0.readableBytes)) }) { send in
                    for try await chunk in stream { try await send(chunk) }
                }
                try await writer.finish(nil)
            })
        }
    }

    private func serveStrategy(_ asset: AssetRecord, path: String, options: ServeOptions) async throws -> ServeStrategy {
        do {
            let (backend, key) = try dependencies.storage.locate(path)
            return try await backend.serveStrategy(for: key, options: options)
        } catch {
            throw StorageFailure.mapped(error, asset: asset)
        }
    }
}
