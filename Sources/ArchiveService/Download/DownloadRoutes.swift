import Foundation
import Hummingbird
import NIOCore

/// `POST /api/download/info` (201, as Gallery answers it) and `POST /api/download/archive` (200).
struct DownloadRoutes {
    let dependencies: ArchiveDependencies
    /// Room for `DownloadService.defaultMaxAssetsPerArchive` quoted UUIDs and more, so an over-long list gets the
    /// "too many assetIds" message rather than a bare 413.
    static let maxBodyBytes = 4 << 20

    private var limit: Int { dependencies.downloads.maxAssetsPerArchive }

    func register(on router: Router<ArchiveRequestContext>) {
        router.post("/api/download/info") { request, context in
            try await info(request, context: context)
        }
        router.post("/api/download/archive") { request, context in
            try await archive(request, context: context)
        }
    }

    private func info(_ request: Request, context: ArchiveRequestContext) async throws -> Response {
        let (principal, _) = try await dependencies.downloader(of: request, context: context)
        let body = try DownloadRequestParser.info(json: try await Self.body(of: request), limit: limit)
        let info = try await dependencies.downloads.info(body, for: principal)
        return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: info.jsonBody()))
    }

    private func archive(_ request: Request, context: ArchiveRequestContext) async throws -> Response {
        let (principal, address) = try await dependencies.downloader(of: request, context: context)
        let ticket = try dependencies.admission.admit(principal, address: address)
        let body = try await Self.archiveRequest(request, limit: limit)
        let archive = try await dependencies.downloads.prepareArchive(body, for: principal)
        context.logger.info("archive download", metadata: [
            "assets": "\(archive.plan.entries.count)", "bytes": "\(archive.plan.length.map(String.init) ?? "chunked")",
        ])
        return ArchiveResponse(archive: archive, dependencies: dependencies, logger: context.logger,
                               relay: context.bodyRelay(sendTimeout: dependencies.settings.sendTimeout),
                               ticket: ticket).response()
    }

    /// The body of an archive request (or a link request, which takes the same): JSON, or the web client's form.
    static func archiveRequest(_ request: Request, limit: Int) async throws -> DownloadArchiveRequest {
        let data = try await body(of: request)
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        return isForm ? try DownloadRequestParser.archive(form: data, limit: limit)
            : try DownloadRequestParser.archive(json: data, limit: limit)
    }

    private static func body(of request: Request) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw ServiceError(.contentTooLarge, "request body larger than \(maxBodyBytes) bytes")
        }
        return Data(buffer.readableBytesView)
    }
}
