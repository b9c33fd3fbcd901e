import Foundation

/// Caches temporary credentials and refreshes them before they expire: a few minutes ahead (`refreshMargin`), or
/// halfway through their life when they are shorter-lived than twice the margin.
///
/// While the cached credentials are still valid, a due refresh runs in the background and callers keep signing
/// with the cached ones, so a slow or failing credential endpoint never delays an S3 request; a failed background
/// refresh is retried at most every `retryInterval`. Only when nothing valid is cached do callers wait, and then
/// all concurrent callers share one fetch.
public actor CachingCredentialProvider: CredentialProvider {
    private let source: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let retryInterval: TimeInterval
    private let clock: @Sendable () -> Date
    private var cached: (credentials: AWSCredentials, refreshAt: Date?)?
    private var refresh: Task<AWSCredentials, any Error>?
    private var nextBackgroundAttempt: Date?
    private let events: StorageEvents?

    public nonisolated var sourceName: String { source.sourceName }

    /// `events` logs and counts failed refreshes.
    public init(_ source: any CredentialProvider, refreshMargin: TimeInterval = 300, retryInterval: TimeInterval = 10,
                events: StorageEvents? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.events = events
        self.refreshMargin = refreshMargin
        self.retryInterval = retryInterval
        self.clock = clock
    }

    public func credentials() async throws -> AWSCredentials {
        let now = clock()
        if let cached {
            guard let refreshAt = cached.refreshAt, now >= refreshAt else { return cached.credentials }
            if let expiration = cached.credentials.expiration, now < expiration {
                if nextBackgroundAttempt.map({ now >= $0 }) ?? true { _ = startRefresh() }
                return cached.credentials
            }
        }
        return try await startRefresh().value
    }

    /// The running refresh, or a new one. Its outcome is recorded by `record` whoever waits for it.
    private func startRefresh() -> Task<AWSCredentials, any Error> {
        if let refresh { return refresh }
        let fetchedAt = clock()
        let task = Task { [source] in try await source.credentials() }
        refresh = task
        Task { await self.record(task, fetchedAt: fetchedAt) }
        return task
    }

    private func record(_ task: Task<AWSCredentials, any Error>, fetchedAt: Date) async {
        let result = await task.result
        refresh = nil
        switch result {
        case .success(let fresh):
            cached = (fresh, fresh.expiration.map { refreshTime(fetchedAt: fetchedAt, expiration: $0) })
            nextBackgroundAttempt = nil
        case .failure(let error):
            events?.credentialRefreshFailed(error)
            nextBackgroundAttempt = clock().addingTimeInterval(retryInterval)
        }
    }

    private func refreshTime(fetchedAt: Date, expiration: Date) -> Date {
        let lifetime = expiration.timeIntervalSince(fetchedAt)
        return expiration.addingTimeInterval(-min(refreshMargin, max(0, lifetime / 2)))
    }
}
