import Synchronization

/// One held `ConnectionLimiter` permit, given back exactly once: when the request or stream it covers ends,
/// fails, is cancelled, or (as a last resort) when the holder is dropped.
final class S3Permit: Sendable {
    private let limiter: ConnectionLimiter
    private let released = Atomic(false)

    /// Waits (FIFO, cancellable) for a permit.
    static func acquire(from limiter: ConnectionLimiter) async throws -> S3Permit {
        try await limiter.acquire()
        return S3Permit(limiter: limiter)
    }

    private init(limiter: ConnectionLimiter) {
        self.limiter = limiter
    }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { limiter.release() }
    }

    deinit { release() }
}
