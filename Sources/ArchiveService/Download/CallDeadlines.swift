import Catalog
import Synchronization

/// One deadline for each of many concurrent short calls (the HEAD or stat of every file while an archive is sized),
/// kept by a single timer.
///
/// `withDeadline` around each call sleeps in a task of its own, and on Linux a cancelled `Task.sleep` leaves its
/// dispatch timer, and with it the sleeping task's memory (about 450 bytes), armed until the sleep would have ended:
/// sizing an archive of 8,000 files left 8,000 of them alive for the 30 s storage timeout, 3.5 MiB a download
/// (heaptrack of the small-file benchmark, docs/BENCHMARKS.md). Here each call records when it began, and one watcher
/// wakes every quarter of the limit to look for a call past it: a call is given up between 1 and 1.25 times the limit
/// after it began.
final class CallDeadlines<Call: Sendable>: Sendable {
    let limit: Duration
    /// The calls running, by id: when each began and what it is.
    private let running = Mutex<[Int: (began: ContinuousClock.Instant, call: Call)]>([:])

    init(limit: Duration) {
        self.limit = limit
    }

    /// Runs `body`, known to the watcher as `call` (under `id`, unique among the calls running) while it runs.
    func run<Value>(_ id: Int, _ call: Call, _ body: () async throws -> Value) async throws -> Value {
        running.withLock { $0[id] = (.now, call) }
        defer { _ = running.withLock { $0.removeValue(forKey: id) } }
        return try await body()
    }

    /// The earliest call found running past the limit; waits until there is one (or cancellation).
    func firstOverdue() async throws -> Call {
        while true {
            try await Task.sleep(for: limit / 4)
            let now = ContinuousClock.now
            let overdue = running.withLock { calls in
                calls.values.filter { now - $0.began >= limit }.min { $0.began < $1.began }?.call
            }
            if let overdue { return overdue }
        }
    }
}
