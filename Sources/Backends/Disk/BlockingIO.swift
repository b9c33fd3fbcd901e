import NIOPosix

/// Runs blocking file-system calls (open, stat, realpath, read) on a bounded pool of threads of their own, never on
/// Swift's cooperative pool, whose few threads (one per core: two on a small box) every S3 stream and HTTP
/// connection in the process shares. On NFS or SMB one stat can take seconds; here it holds a pool thread, and
/// calls beyond `threadCount` queue instead of spawning threads without bound.
public enum BlockingIO {
    /// The pool's threads: enough for a plan's concurrent stats and every stream's read to overlap on slow mounts.
    public static let threadCount = 16

    private final class Marker: Sendable {}
    /// Set on the pool's threads only, so code that must not block elsewhere can check where it runs.
    private static let marker = ThreadSpecificVariable<Marker>()
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threadCount)
        pool.start()
        return pool
    }()

    /// Runs `work` on the pool and returns its result; a cancelled task does not start it.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await pool.runIfActive {
            if marker.currentValue == nil { marker.currentValue = Marker() }
            return try work()
        }
    }

    /// Whether the calling thread is one of the pool's (blocking calls assert it in debug builds).
    public static var isOnPoolThread: Bool { marker.currentValue != nil }
}
