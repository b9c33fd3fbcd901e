import Foundation

/// Caches temporary credentials and refreshes them before they expire: a few minutes ahead (`refreshMargin`), or
/// halfway through their life when they are shorter-lived than twice the margin. Concurrent callers share one
/// refresh. If a refresh fails while the cached credentials are still valid, those are used and the refresh is
/// tried again on the next call.
public actor CachingCredentialProvider: CredentialProvider {
    private let source: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let clock: @Sendable () -> Date
    private var cached: (credentials: AWSCredentials, refreshAt: Date?)?
    private var refresh: Task<AWSCredentials, any Error>?

    public init(_ source: any CredentialProvider, refreshMargin: TimeInterval = 300,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.clock = clock
    }

    public func credentials() async throws -> AWSCredentials {
        let now = clock()
        if let cached, cached.refreshAt.map({ now < $0 }) ?? true { return cached.credentials }
        do {
            return try await sharedRefresh()
        } catch {
            if let cached, let expiration = cached.credentials.expiration, now < expiration {
                return cached.credentials
            }
            throw error
        }
    }

    /// Starts a refresh unless one is running, and waits for it.
    private func sharedRefresh() async throws -> AWSCredentials {
        if let refresh { return try await refresh.value }
        let fetchedAt = clock()
        let task = Task { [source] in try await source.credentials() }
        refresh = task
        defer { refresh = nil }
        let fresh = try await task.value
        cached = (fresh, fresh.expiration.map { refreshTime(fetchedAt: fetchedAt, expiration: $0) })
        return fresh
    }

    private func refreshTime(fetchedAt: Date, expiration: Date) -> Date {
        let lifetime = expiration.timeIntervalSince(fetchedAt)
        return expiration.addingTimeInterval(-min(refreshMargin, max(0, lifetime / 2)))
    }
}
