import Foundation

/// The live view of a run: one line rewritten in place on a terminal, plain lines every few seconds otherwise
/// (a log file wants no carriage returns).
struct StressProgress: Sendable {
    let tally: StressTally
    let started: ContinuousClock.Instant
    let duration: Duration
    let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Prints until cancelled.
    func run() async {
        let interval: Duration = isTerminal ? .milliseconds(500) : .seconds(5)
        while (try? await Task.sleep(for: interval)) != nil {
            let line = self.line(tally.snapshot)
            if isTerminal {
                // Unbuffered, so the line shows at once without a newline.
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
            } else {
                print(line)
            }
        }
        if isTerminal { print() }
    }

    private func line(_ counts: StressTally.Counts) -> String {
        let elapsed = started.duration(to: .now)
        let rate = Double(counts.bytes) / 1e6 / max(elapsed.seconds, 0.001)
        return String(format: "[%3.0f/%.0f s] %.1f MB/s, ", elapsed.seconds, duration.seconds, rate)
            + "completed \(counts.completed), aborted \(counts.aborted), failed \(counts.failed), "
            + "refused \(counts.refused), invalid \(counts.invalid)"
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
