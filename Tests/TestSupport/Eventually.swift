/// Waits for `condition` to hold, checking every few milliseconds, for at most `deadline`; returns whether it
/// held. For events a test can only observe as a state (a counter, a gauge), never as a callback.
public func eventually(within deadline: Duration, _ condition: () throws -> Bool) async throws -> Bool {
    let start = ContinuousClock.now
    while try !condition() {
        guard ContinuousClock.now - start < deadline else { return false }
        try await Task.sleep(for: .milliseconds(5))
    }
    return true
}
