/// Runs `operation` and gives up after `limit`, cancelling it: every wait on a peer has a deadline.
public func withDeadline<Value: Sendable>(_ limit: Duration, _ what: String,
                                          _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded(what: what, limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// An operation ran past its deadline and was cancelled.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let what: String
    public let limit: Duration
    public var description: String { "\(what) took longer than \(limit)" }

    public init(what: String, limit: Duration) {
        self.what = what
        self.limit = limit
    }
}
