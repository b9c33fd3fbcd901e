import Synchronization

/// How long the body's current write has waited for the client to take bytes: the send deadline's clock.
///
/// A client that stops reading (a stalled or hostile reader, a paused browser download) makes Hummingbird's body
/// writer wait for ever, and with it the archive's S3 sources and their permits. The relay marks each write's start
/// and end here, and `stall(longerThan:)` returns once one write has waited the whole deadline.
final class SendWatch: Sendable {
    private let pendingSince = Mutex<ContinuousClock.Instant?>(nil)

    /// A write starts waiting for the client.
    func writeBegan() { pendingSince.withLock { $0 = .now } }

    /// The client took it.
    func writeEnded() { pendingSince.withLock { $0 = nil } }

    /// Returns when one write has waited `timeout`; throws `CancellationError` when the task is cancelled first.
    /// Between writes it looks again every quarter of the deadline, so a stall is noticed at most that late.
    func stall(longerThan timeout: Duration) async throws {
        while true {
            let now = ContinuousClock.now
            guard let since = pendingSince.withLock({ $0 }) else {
                try await Task.sleep(until: now + timeout / 4)
                continue
            }
            if now - since >= timeout { return }
            try await Task.sleep(until: since + timeout)
        }
    }
}
