import Catalog
import Foundation

/// GET download links: a URL the browser's own download manager can fetch, pause and resume (`Range`), with no
/// other credential. The token is 32 random bytes; the catalog keeps only its SHA-256, with whose access the link
/// was made and what it downloads, so the link works on any replica and after a restart. Access is checked again
/// on every GET: a revoked shared link, a trashed asset or a removed album member stops the next request.
struct DownloadLinks: Sendable {
    let store: any DownloadLinkStore
    let catalog: any Catalog
    let lifetime: Duration
    let now: @Sendable () -> Date

    /// Makes a link for `request` on behalf of `principal` (already allowed to download every asset).
    func make(_ request: DownloadArchiveRequest, for principal: Principal) async throws -> (token: String, expiresAt: Date) {
        let token = Self.newToken()
        let expiresAt = now().addingTimeInterval(Double(lifetime.components.seconds))
        let subject: AccessSubject = switch principal.subject {
        case .user(let id, _): .user(id: id, elevated: false)
        case .sharedLink(let id): .sharedLink(id: id)
        }
        try await store.saveDownloadLink(DownloadLinkRecord(
            digest: GallerySecrets.tokenDigest(token), subject: subject, assetIDs: request.assetIDs,
            edited: request.edited, archiveName: request.archiveName, expiresAt: expiresAt))
        return (token, expiresAt)
    }

    /// The archive request and principal of the link `token`; 404 for an unknown (or altered) token, 410 once it
    /// expired, 401 when the shared link it was made through no longer allows downloads.
    func resolve(_ token: String) async throws -> (request: DownloadArchiveRequest, principal: Principal) {
        guard Self.isWellFormed(token), let link = try await store.downloadLink(digest: GallerySecrets.tokenDigest(token))
        else { throw ServiceError.notFound("Download link not found") }
        guard link.expiresAt > now() else { throw ServiceError(.gone, "Download link expired; make a new one") }
        let request = DownloadArchiveRequest(assetIDs: link.assetIDs, edited: link.edited, archiveName: link.archiveName)
        switch link.subject {
        case .user(let id, _):
            return (request, .user(CatalogUser(id: id, permissions: nil)))
        case .sharedLink(let id):
            guard let shared = try await catalog.sharedLink(id: id), !shared.albumDeleted,
                  shared.expiresAt.map({ $0 > now() }) ?? true else {
                throw ServiceError.unauthorized("The shared link this download came from is gone or expired")
            }
            guard shared.allowDownload else { throw ServiceError.forbidden("Shared link does not allow downloads") }
            return (request, .sharedLink(shared))
        }
    }

    /// 32 random bytes, base64url without padding (43 characters).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}
