import Catalog
import Foundation
import Hummingbird

/// Finds the principal of a request the way Gallery's `auth.service.ts` does: a shared link (key or slug) first,
/// then a session token, then an API key. Download routes additionally require `allowDownload` and, unlike Gallery,
/// the link's password (DESIGN §4: Gallery checks it only on `GET /shared-links/me`).
public struct Authenticator: Sendable {
    let catalog: any Catalog
    let now: @Sendable () -> Date

    public init(catalog: any Catalog, now: @escaping @Sendable () -> Date = Date.init) {
        self.catalog = catalog
        self.now = now
    }

    /// The principal of `request`, allowed to download; throws a 401/403 `ServiceError` otherwise.
    /// `permission` is the API-key permission the route needs (Gallery's `Permission` enum).
    public func downloader(of request: Request, permission: Permission) async throws -> Principal {
        let credentials = RequestCredentials(request)
        if let link = try await sharedLink(credentials) {
            try checkDownload(link, credentials: credentials)
            return .sharedLink(link)
        }
        if let token = credentials.sessionToken {
            guard let user = try await catalog.sessionUser(digest: GallerySecrets.tokenDigest(token), now: now()) else {
                throw ServiceError.unauthorized("Invalid user token")
            }
            return .user(user)
        }
        if let key = credentials.apiKey {
            guard let user = try await catalog.apiKeyOwner(digest: GallerySecrets.tokenDigest(key)) else {
                throw ServiceError.unauthorized("Invalid API key")
            }
            try Principal.user(user).require(permission)
            return .user(user)
        }
        throw ServiceError.unauthorized("Authentication required")
    }

    private func sharedLink(_ credentials: RequestCredentials) async throws -> SharedLinkRecord? {
        let link: SharedLinkRecord?
        if let key = credentials.shareKey {
            guard let raw = GallerySecrets.decodeLinkKey(key) else { throw ServiceError.unauthorized("Invalid share key") }
            link = try await catalog.sharedLink(key: raw)
        } else if let slug = credentials.shareSlug {
            link = try await catalog.sharedLink(slug: slug)
        } else {
            return nil
        }
        guard let link else { throw ServiceError.unauthorized("Invalid share key") }
        if let expiresAt = link.expiresAt, expiresAt <= now() {
            throw ServiceError.unauthorized("Shared link has expired")
        }
        guard !link.albumDeleted else { throw ServiceError.unauthorized("Invalid share key") }
        return link
    }

    private func checkDownload(_ link: SharedLinkRecord, credentials: RequestCredentials) throws {
        guard link.allowDownload else { throw ServiceError.forbidden("Shared link does not allow downloads") }
        guard let password = link.password, !password.isEmpty else { return }
        guard !credentials.sharedLinkTokens.isEmpty else {
            throw ServiceError.unauthorized("Shared link requires a password")
        }
        guard credentials.sharedLinkTokens.contains(GallerySecrets.sharedLinkToken(linkID: link.id, password: password))
        else { throw ServiceError.unauthorized("Invalid password for shared link") }
    }
}
