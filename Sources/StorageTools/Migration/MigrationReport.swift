/// How a migration (or a rollback) went: files done of the total, bytes moved, and what failed and why.
public struct MigrationReport: Sendable {
    enum Outcome: Sendable {
        case moved(bytes: Int64)
        case conflict(path: String)
        case failed(path: String, reason: String)
    }

    public let total: Int
    public private(set) var done = 0
    public private(set) var moved = 0
    public private(set) var bytes: Int64 = 0
    /// Rows whose path changed while their file was being copied: left as they were.
    public private(set) var conflicts: [String] = []
    public private(set) var failures: [(path: String, reason: String)] = []
    /// Originals this run deleted (`--delete-source`).
    public internal(set) var originalsDeleted = 0
    /// Originals whose files have moved but that are still there (no `--delete-source`, or within the grace period).
    public internal(set) var originalsKept = 0

    init(total: Int) { self.total = total }

    mutating func record(_ outcome: Outcome) {
        done += 1
        switch outcome {
        case .moved(let count):
            moved += 1
            bytes += count
        case .conflict(let path): conflicts.append(path)
        case .failed(let path, let reason): failures.append((path, reason))
        }
    }
}
