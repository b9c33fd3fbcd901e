import Synchronization

/// One held `ConnectionLimiter` permit, given back exactly once: when the request, stream or read-ahead it covers
/// ends, fails, is cancelled, or (as a last resort) when the holder is dropped.
public final class ConnectionPermit: Sendable {
    private let limiter: ConnectionLimiter
    private let released = Atomic(false)

    /// Waits (FIFO, cancellable) for a permit.
    public static func acquire(from limiter: ConnectionLimiter) async throws -> ConnectionPermit {
        try await limiter.acquire()
        return ConnectionPermit(limiter: limiter)
    }

    private init(limiter: ConnectionLimiter) {
        self.limiter = limiter
    }

    /// Gives the permit back; later calls do nothing.
    public func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { limiter.release() }
    }

    deinit { release() }
}
