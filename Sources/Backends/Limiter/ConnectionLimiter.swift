import NIOConcurrencyHelpers

/// The one global bound on open S3 connections (`IMMICH_S3_MAX_CONNECTIONS`, DESIGN §2): every S3 request holds a
/// permit for as long as its connection is busy. Waiters are served strictly first come, first served, so a large
/// archive cannot starve a small request; a cancelled waiter leaves the queue at once and never keeps a permit,
/// even when its cancellation races with a grant. (Immich's S3 fork hung its server by exhausting the pool.)
///
/// A lock-based class rather than an actor: `release()` must be callable synchronously from `defer` and from
/// stream-termination handlers, and waking a waiter must not hop through an executor first.
public final class ConnectionLimiter: Sendable {
    /// The most permits that can be held at once.
    public let limit: Int
    private let state: NIOLockedValueBox<State>

    /// `limit` must be at least 1 (the configuration layer validates the operator's value).
    public init(limit: Int) {
        precondition(limit >= 1, "ConnectionLimiter needs a limit of at least 1, got \(limit)")
        self.limit = limit
        state = NIOLockedValueBox(State(limit: limit))
    }

    /// Permits currently held (a gauge for `/metrics`).
    public var inUse: Int { state.withLockedValue { limit - $0.available } }

    /// Callers currently queued for a permit (a gauge for `/metrics`).
    public var waiting: Int { state.withLockedValue { $0.waitingCount } }

    /// Waits for a permit, in arrival order. Throws `CancellationError` if the task is cancelled before it holds
    /// one; a cancelled caller never holds a permit when this returns or throws.
    public func acquire() async throws {
        try Task.checkCancellation()
        guard let id = state.withLockedValue({ $0.takeOrRegister() }) else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLockedValue { $0.enqueue(id, continuation) }
                switch outcome {
                case .queued: break
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            state.withLockedValue { $0.cancel(id) }?.resume(throwing: CancellationError())
        }
        // The grant may have raced with cancellation: hand the permit on rather than return it to a cancelled task.
        if Task.isCancelled {
            release()
            throw CancellationError()
        }
    }

    /// Gives a permit back; the longest waiter, if any, receives it directly.
    public func release() {
        state.withLockedValue { $0.release() }?.resume()
    }

    /// Runs `body` while holding a permit, releasing it however `body` ends.
    public func withPermit<T>(isolation: isolated (any Actor)? = #isolation,
                              _ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }
}

extension ConnectionLimiter {
    typealias Continuation = CheckedContinuation<Void, any Error>

    /// The permit count and the FIFO queue. Every method runs under the mutex and returns the continuation to
    /// resume, which the caller resumes after unlocking.
    struct State {
        enum Entry {
            /// Registered, its continuation not yet installed.
            case pending
            /// Cancelled before its continuation was installed.
            case cancelled
            case waiting(Continuation)
        }

        enum EnqueueOutcome { case queued, granted, cancelled }

        let limit: Int
        var available: Int
        var nextID: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        /// Arrival order. Ids of waiters that left (cancelled) stay until they reach the head and are skipped.
        var queue: [UInt64] = []
        var head = 0
        var waitingCount = 0

        init(limit: Int) {
            self.limit = limit
            available = limit
        }

        /// Takes a free permit when nobody is queued (returns nil), otherwise registers a waiter id.
        mutating func takeOrRegister() -> UInt64? {
            if available > 0 && waitingCount == 0 {
                available -= 1
                return nil
            }
            nextID += 1
            entries[nextID] = .pending
            return nextID
        }

        mutating func enqueue(_ id: UInt64, _ continuation: Continuation) -> EnqueueOutcome {
            guard case .pending = entries.removeValue(forKey: id) else { return .cancelled }
            // A permit freed between registration and now goes to the queue's head, not to this newcomer.
            if available > 0 && waitingCount == 0 {
                available -= 1
                return .granted
            }
            entries[id] = .waiting(continuation)
            queue.append(id)
            waitingCount += 1
            return .queued
        }

        /// Removes a cancelled waiter; returns its continuation when it was queued. A waiter already granted
        /// (no entry) is left alone: `acquire` notices the cancellation and releases.
        mutating func cancel(_ id: UInt64) -> Continuation? {
            switch entries[id] {
            case .pending:
                entries[id] = .cancelled
                return nil
            case .waiting(let continuation):
                entries[id] = nil
                waitingCount -= 1
                return continuation
            case .cancelled, nil:
                return nil
            }
        }

        mutating func release() -> Continuation? {
            while head < queue.count {
                let id = queue[head]
                head += 1
                if case .waiting(let continuation) = entries.removeValue(forKey: id) {
                    waitingCount -= 1
                    compactQueue()
                    return continuation
                }
            }
            compactQueue()
            precondition(available < limit, "ConnectionLimiter released more often than acquired")
            available += 1
            return nil
        }

        /// Drops the consumed prefix of `queue` once it dominates, keeping memory bounded by the waiters.
        private mutating func compactQueue() {
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
    }
}
