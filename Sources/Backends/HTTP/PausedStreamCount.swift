import Synchronization

/// How many streamed responses are paused right now because their consumer reads slower than the server sends.
/// Each paused stream still holds its connection (and, for S3, a limiter permit): a count that stays high at
/// /metrics means slow or stalled clients are holding the S3 connections everyone shares.
public final class PausedStreamCount: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Streams paused by backpressure now.
    public var value: Int { count.load(ordering: .relaxed) }

    func paused() { count.add(1, ordering: .relaxed) }

    func resumed() { count.subtract(1, ordering: .relaxed) }
}
