import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /download/share/{key}` and `GET /download/s/{slug}`: a shared link's download page, outside Gallery's own
/// `/share/…` and `/s/…` pages so a proxy can hand `/download/*` to this service without shadowing them. `POST`
/// to the same path checks the link's password and sets the cookie Gallery's `POST /shared-links/login` sets.
struct SharePageRoutes {
    let dependencies: ArchiveDependencies

    func register(on router: Router<ArchiveRequestContext>) {
        for (path, parameter) in [("/download/share/:key", "key"), ("/download/s/:slug", "slug")] {
            router.get(RouterPath(path)) { request, context in
                try await Refusal.answered { try await page(request, context: context, parameter: parameter) }
            }
            router.post(RouterPath(path)) { request, context in
                try await Refusal.answered { try await unlock(request, context: context, parameter: parameter) }
            }
        }
    }

    private func page(_ request: Request, context: ArchiveRequestContext, parameter: String) async throws -> Response {
        let credentials = Self.credentials(request, context: context, parameter: parameter)
        let link = try await find(credentials)
        let title = try await title(of: link)
        guard dependencies.authenticator.isUnlocked(link, tokens: credentials.sharedLinkTokens) else {
            return Self.html(.unauthorized, SharePageHTML.password(title: title, wrong: false))
        }
        let target: DownloadInfoRequest.Target = if link.type == .album, let album = link.albumID {
            .album(album)
        } else {
            .assets(try await dependencies.catalog.sharedLinkAssetIDs(link.id))
        }
        let info = try await dependencies.downloads.info(
            DownloadInfoRequest(target: target, archiveSize: DownloadInfoRequest.defaultArchiveSize), for: .sharedLink(link))
        let query = credentials.shareKey.map { "key=" + Self.queryEscaped($0) } ?? "slug=" + Self.queryEscaped(credentials.shareSlug ?? "")
        return Self.html(.ok, SharePageHTML.downloads(title: title, info: info, linksURL: "/api/download/links?" + query))
    }

    /// The password form's answer: the cookie and back to the page (303), or the form again with "wrong".
    private func unlock(_ request: Request, context: ArchiveRequestContext, parameter: String) async throws -> Response {
        let credentials = Self.credentials(request, context: context, parameter: parameter)
        let link = try await find(credentials)
        let form = try await request.body.collect(upTo: 16 << 10)
        let typed = Self.formField("password", in: String(buffer: form)) ?? ""
        let address = context.clientAddress(of: request, trustedProxies: dependencies.settings.trustedProxies)
        let token: String
        do {
            token = try dependencies.authenticator.unlock(link, password: typed, address: address)
        } catch let error as ServiceError where error.status == .unauthorized {
            return Self.html(.unauthorized, SharePageHTML.password(title: try await title(of: link), wrong: true))
        }
        // Gallery's cookie: a comma-joined list of unlocked links, percent-encoded as Express writes it, for a day.
        let tokens = (credentials.sharedLinkTokens.filter { $0 != token } + [token]).joined(separator: ",")
        let cookie = "immich_shared_link_token=\(Self.queryEscaped(tokens)); Path=/; Max-Age=86400; HttpOnly; SameSite=Lax"
        return Response(status: .seeOther, headers: [.location: request.uri.path, .setCookie: cookie])
    }

    /// A refusal already rendered as a page.
    private struct Refusal: Error {
        let response: Response

        static func answered(_ body: () async throws -> Response) async throws -> Response {
            do { return try await body() } catch let refusal as Refusal { return refusal.response }
        }
    }

    /// The link, or a `Refusal` page that says why there is none to download from (unknown, expired, no downloads).
    private func find(_ credentials: RequestCredentials) async throws -> SharedLinkRecord {
        do {
            guard let link = try await dependencies.authenticator.sharedLink(credentials) else {
                throw Refusal(response: Self.html(.notFound, SharePageHTML.refusal("This link does not exist.")))
            }
            guard link.allowDownload else {
                throw Refusal(response: Self.html(.forbidden,
                                                  SharePageHTML.refusal("The owner of this link does not allow downloads.")))
            }
            return link
        } catch let error as ServiceError where error.status == .unauthorized {
            let expired = error.message == Authenticator.expiredLink.message
            throw Refusal(response: Self.html(expired ? .gone : .notFound, SharePageHTML.refusal(
                expired ? "This link has expired. Ask its owner for a new one." : "This link does not exist.")))
        }
    }

    private func title(of link: SharedLinkRecord) async throws -> String {
        guard let album = link.albumID else { return "Shared photos" }
        return try await dependencies.catalog.albumName(album) ?? "Shared album"
    }

    private static func credentials(_ request: Request, context: ArchiveRequestContext, parameter: String)
        -> RequestCredentials {
        var credentials = RequestCredentials(request)
        let value = context.parameters.get(parameter) ?? ""
        (credentials.shareKey, credentials.shareSlug) = parameter == "key" ? (value, nil) : (nil, value)
        return credentials
    }

    private static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache",
            .init("x-content-type-options")!: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ], body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    private static func formField(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    private static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
