import Dispatch

/// Runs `work` — a wait on a child process, a Python server's first line — on a Dispatch thread and resumes the
/// caller when it ends. Tests must not wait on one of Swift's cooperative threads (two on a 2-core machine): the
/// wait would stall every other test's tasks, the server under test included, and the time windows they measure.
public func offCooperativePool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
