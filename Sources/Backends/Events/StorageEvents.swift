import Logging
import Synchronization

/// What the storage layer lived through that an operator should see: S3 requests retried after a retryable
/// failure, S3 reads resumed mid-body, credential refreshes that failed. Each is logged as a warning (the key, never
/// a secret) and counted; the service exports the counts at /metrics, with the S3 streams paused right now. One
/// instance per process, shared by the S3 client, its transport and its credential provider.
public final class StorageEvents: Sendable {
    private let logger: Logger
    private let retries = Atomic<Int>(0)
    private let resumes = Atomic<Int>(0)
    private let refreshFailures = Atomic<Int>(0)
    /// S3 streams paused now because their reader (an archive's client) is slower than S3: each holds a permit.
    public let pausedStreams = PausedStreamCount()

    public init(logger: Logger = Logger(label: "gallery-archive.storage")) {
        self.logger = logger
    }

    /// S3 requests sent again after a retryable failure (5xx, SlowDown, a transport error).
    public var s3Retries: Int { retries.load(ordering: .relaxed) }
    /// S3 reads reopened at their offset after the connection broke mid-body.
    public var s3Resumes: Int { resumes.load(ordering: .relaxed) }
    /// Credential fetches that failed (cached credentials, if still valid, were used meanwhile).
    public var credentialRefreshFailures: Int { refreshFailures.load(ordering: .relaxed) }

    func s3Retried(_ method: String, key: String?, attempt: Int, after error: any Error) {
        retries.add(1, ordering: .relaxed)
        logger.warning("S3 request retried", metadata: [
            "method": .string(method), "key": .string(key ?? ""), "attempt": .stringConvertible(attempt),
            "error": .string("\(error)"),
        ])
    }

    func s3Resumed(key: String, at offset: Int64, after error: any Error) {
        resumes.add(1, ordering: .relaxed)
        logger.warning("S3 read resumed", metadata: [
            "key": .string(key), "offset": .stringConvertible(offset), "error": .string("\(error)"),
        ])
    }

    func credentialRefreshFailed(_ error: any Error) {
        refreshFailures.add(1, ordering: .relaxed)
        logger.warning("S3 credential refresh failed", metadata: ["error": .string("\(error)")])
    }
}
