import Foundation

/// The summary printed at the end of a run.
struct StressReport {
    let settings: String
    let counts: StressTally.Counts
    let elapsed: Duration
    let before: ServerMetrics
    let after: ServerMetrics
    /// How long the server took to let go of every download after the run, or nil when it did not in time.
    let drainedAfter: Duration?
    let resume: Bool

    var text: String {
        var lines = [settings]
        lines.append("downloads: \(counts.completed) completed, \(counts.invalid) invalid, \(counts.aborted) aborted "
                     + "(by us), \(counts.failed) failed (by the server), \(counts.refused) refused (429)")
        lines.append("disconnects: \(counts.disconnects)" + (resume ? "; resumed \(counts.resumed), skipped "
                     + "\(counts.resumeSkipped) (no Accept-Ranges/ETag), refused \(counts.resumeRefused)" : ""))
        lines.append("slow readers: \(counts.slowHeld) held to the end, \(counts.slowRefused) refused, "
                     + "\(counts.slowFailed) failed")
        let megabytes = Double(counts.bytes) / 1e6
        lines.append(String(format: "throughput: %.1f MB/s (%.1f MB in %.1f s)", megabytes / elapsed.seconds,
                            megabytes, elapsed.seconds))
        lines.append(timeToFirstByte)
        lines.append("server metrics          before       after")
        lines.append(row("S3 permits in use", before.permitsInUse, after.permitsInUse, Self.count))
        lines.append(row("archives in flight", before.archivesInFlight, after.archivesInFlight, Self.count))
        lines.append(row("resident memory", before.residentMemory, after.residentMemory, Self.mebibytes))
        lines.append(row("peak resident memory", before.peakResidentMemory, after.peakResidentMemory, Self.mebibytes))
        lines.append(drainedAfter.map { String(format: "drained: yes, %.2f s after the run", $0.seconds) }
            ?? "drained: NO, permits or archives in flight did not come back to 0")
        for (reason, count) in counts.reasons.sorted(by: { $0.value > $1.value }) {
            lines.append("  \(count) x \(reason)")
        }
        return lines.joined(separator: "\n")
    }

    private var timeToFirstByte: String {
        let sorted = counts.timesToFirstByte.sorted()
        guard !sorted.isEmpty else { return "time to first byte: no downloads" }
        func percentile(_ p: Double) -> Double {
            sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)].seconds * 1000
        }
        return String(format: "time to first byte: p50 %.1f ms, p99 %.1f ms (%d downloads)", percentile(0.5),
                      percentile(0.99), sorted.count)
    }

    private static func count(_ value: Double) -> String { String(format: "%.0f", value) }
    private static func mebibytes(_ value: Double) -> String { String(format: "%.1f MiB", value / 1_048_576) }

    private func row(_ name: String, _ before: Double?, _ after: Double?, _ format: (Double) -> String) -> String {
        let cells = [before, after].map { $0.map(format) ?? "n/a" }
        return name.padding(toLength: 22, withPad: " ", startingAt: 0)
            + cells[0].leftPadded(to: 9) + cells[1].leftPadded(to: 12)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
