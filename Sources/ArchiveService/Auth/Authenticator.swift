import Catalog
import Foundation
import Hummingbird

/// Finds the principal of a request the way Gallery's `auth.service.ts` does: a shared link (key or slug) first,
/// then a session token, then an API key. Download routes additionally require `allowDownload` and, unlike Gallery,
/// the link's password (DESIGN §4: Gallery checks it only on `GET /shared-links/me`), compared in constant time,
/// with wrong passwords rate-limited per link and per client address.
public struct Authenticator: Sendable {
    let catalog: any Catalog
    let now: @Sendable () -> Date
    let passwordAttempts: PasswordAttempts

    /// - Parameter passwordFailures: wrong shared-link passwords allowed per link and per address in `passwordWindow`.
    public init(catalog: any Catalog, passwordFailures: Int = 10, passwordWindow: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.catalog = catalog
        self.now = now
        passwordAttempts = PasswordAttempts(limit: passwordFailures, window: passwordWindow)
    }

    /// The principal of `request` from `address`, allowed to download; throws a 401/403 (or 429 after too many wrong
    /// passwords) `ServiceError` otherwise. `permission` is the API-key permission the route needs (Gallery's
    /// `Permission` enum).
    public func downloader(of request: Request, from address: String, permission: Permission) async throws
        -> Principal {
        let credentials = RequestCredentials(request)
        if let link = try await sharedLink(credentials) {
            try checkDownload(link, credentials: credentials, address: address)
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

    /// What `sharedLink` throws for a link past its `expiresAt` (the share page tells it apart: 410, not 404).
    static let expiredLink = ServiceError.unauthorized("Shared link has expired")

    /// The shared link the credentials name (key or slug), checked to exist, be unexpired and not point at a
    /// deleted album; nil when they name none.
    func sharedLink(_ credentials: RequestCredentials) async throws -> SharedLinkRecord? {
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
            throw Self.expiredLink
        }
        guard !link.albumDeleted else { throw ServiceError.unauthorized("Invalid share key") }
        return link
    }

    private func checkDownload(_ link: SharedLinkRecord, credentials: RequestCredentials, address: String) throws {
        guard link.allowDownload else { throw ServiceError.forbidden("Shared link does not allow downloads") }
        guard let password = link.password, !password.isEmpty else { return }
        guard !credentials.sharedLinkTokens.isEmpty else {
            throw ServiceError.unauthorized("Shared link requires a password")
        }
        try passwordAttempts.checkAllowed(link: link.id, address: address)
        guard Self.unlocks(credentials.sharedLinkTokens, link, password) else {
            passwordAttempts.recordFailure(link: link.id, address: address)
            throw ServiceError.unauthorized("Invalid password for shared link")
        }
    }

    /// Whether the link needs no password, or one of `tokens` (the `immich_shared_link_token` cookie) unlocks it.
    func isUnlocked(_ link: SharedLinkRecord, tokens: [String]) -> Bool {
        guard let password = link.password, !password.isEmpty else { return true }
        return Self.unlocks(tokens, link, password)
    }

    /// Checks a password typed into the shared-link page, rate-limited as cookies are; answers the cookie entry
    /// Gallery's `POST /shared-links/login` would set for it.
    func unlock(_ link: SharedLinkRecord, password typed: String, address: String) throws -> String {
        try passwordAttempts.checkAllowed(link: link.id, address: address)
        let token = GallerySecrets.sharedLinkToken(linkID: link.id, password: typed)
        guard isUnlocked(link, tokens: [token]) else {
            passwordAttempts.recordFailure(link: link.id, address: address)
            throw ServiceError.unauthorized("Wrong password")
        }
        return token
    }

    /// Every token is compared, in constant time each, so timing tells neither which nor how much matched.
    private static func unlocks(_ tokens: [String], _ link: SharedLinkRecord, _ password: String) -> Bool {
        let expected = Array(GallerySecrets.sharedLinkToken(linkID: link.id, password: password).utf8)
        return tokens.map { ConstantTime.equal(Array($0.utf8), expected) }.contains(true)
    }
}
