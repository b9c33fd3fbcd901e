import Synchronization

/// The counts of a stress run, shared by every client loop.
final class StressTally: Sendable {
    struct Counts: Sendable {
        var completed = 0, invalid = 0, aborted = 0, failed = 0, refused = 0
        var disconnects = 0, resumed = 0, resumeSkipped = 0, resumeRefused = 0
        var slowHeld = 0, slowRefused = 0, slowFailed = 0
        var bytes: UInt64 = 0
        var timesToFirstByte: [Duration] = []
        /// The first few reasons for invalid archives and failures, with how often each came.
        var reasons: [String: Int] = [:]
    }

    /// Distinct reasons kept: a server failing every request the same way is one line, not thousands.
    static let reasonLimit = 12

    private let counts = Mutex(Counts())

    var snapshot: Counts { counts.withLock { $0 } }

    func add(bytes: Int) {
        counts.withLock { $0.bytes += UInt64(bytes) }
    }

    func record(_ report: DownloadReport) {
        counts.withLock { counts in
            switch report.outcome {
            case .completed: counts.completed += 1
            case .invalid(let reason): counts.invalid += 1; Self.note("invalid: " + reason, in: &counts)
            case .aborted: counts.aborted += 1
            case .failed(let reason): counts.failed += 1; Self.note("failed: " + reason, in: &counts)
            case .refused: counts.refused += 1
            }
            if report.disconnected { counts.disconnects += 1 }
            switch report.resume {
            case .resumed: counts.resumed += 1
            case .skipped: counts.resumeSkipped += 1
            case .refused: counts.resumeRefused += 1
            case nil: break
            }
            if let ttfb = report.timeToFirstByte { counts.timesToFirstByte.append(ttfb) }
        }
    }

    func recordSlowReader(_ outcome: DownloadOutcome) {
        counts.withLock { counts in
            switch outcome {
            case .refused: counts.slowRefused += 1
            case .failed(let reason): counts.slowFailed += 1; Self.note("slow reader: " + reason, in: &counts)
            default: counts.slowHeld += 1
            }
        }
    }

    private static func note(_ reason: String, in counts: inout Counts) {
        if counts.reasons[reason] != nil || counts.reasons.count < reasonLimit { counts.reasons[reason, default: 0] += 1 }
    }
}
