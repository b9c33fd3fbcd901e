import Foundation
import Hummingbird
import NIOCore

/// `POST /api/download/links` (201 `{url, expiresAt}`; same body and credentials as `/api/download/archive`) and
/// `GET /api/download/links/{token}`: the archive, resumable with `Range` when its bytes are fixed in advance.
struct DownloadLinkRoutes {
    let dependencies: ArchiveDependencies

    func register(on router: Router<ArchiveRequestContext>) {
        router.post("/api/download/links") { request, context in
            try await make(request, context: context)
        }
        router.get("/api/download/links/:token") { request, context in
            try await download(request, context: context)
        }
    }

    private func make(_ request: Request, context: ArchiveRequestContext) async throws -> Response {
        let (principal, _) = try await dependencies.downloader(of: request, context: context)
        let body = try await DownloadRoutes.archiveRequest(request, limit: dependencies.downloads.maxAssetsPerArchive)
        try await dependencies.downloads.authorize(body, for: principal)
        let (token, expiresAt) = try await dependencies.links.make(body, for: principal)
        let url = Self.baseURL(of: request) + "/api/download/links/" + token
        let json = try JSONSerialization.data(withJSONObject: [
            "url": url, "expiresAt": ISO8601DateFormatter().string(from: expiresAt),
        ], options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }

    private func download(_ request: Request, context: ArchiveRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let (body, principal) = try await dependencies.links.resolve(token)
        let address = context.clientAddress(of: request, trustedProxies: dependencies.settings.trustedProxies)
        let ticket = try dependencies.admission.admit(principal, address: address)
        let archive = try await dependencies.downloads.prepareArchive(body, for: principal)
        context.logger.info("archive download by link", metadata: [
            "assets": "\(archive.plan.entries.count)", "bytes": "\(archive.plan.length.map(String.init) ?? "chunked")",
            "range": "\(request.headers[.range] ?? "none")",
        ])
        return ArchiveResponse(archive: archive, dependencies: dependencies, logger: context.logger,
                               relay: context.bodyRelay(sendTimeout: dependencies.settings.sendTimeout),
                               ticket: ticket, conditions: request.headers).response()
    }

    /// `scheme://host` as the client reached us: through a proxy's `X-Forwarded-Proto`/`-Host` when it sets them.
    /// A client that forges them only changes the URL it is given back.
    static func baseURL(of request: Request) -> String {
        let scheme = request.headers[.init("x-forwarded-proto")!]?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "http"
        let host = request.headers[.init("x-forwarded-host")!] ?? request.head.authority ?? "localhost"
        return "\(scheme)://\(host)"
    }
}
