import ArchiveService
import Foundation
import NIOConcurrencyHelpers

/// Files, bytes, rate and time left: one line rewritten in place on a terminal, a plain line every 5 s otherwise.
final class ProgressLine: Sendable {
    let started: ContinuousClock.Instant
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private let lastPlain = NIOLockedValueBox(ContinuousClock.Instant.now)

    init(started: ContinuousClock.Instant) { self.started = started }

    /// Shows `done` of `total` files and `bytes` so far.
    func show(done: Int, total: Int, bytes: UInt64) {
        let elapsed = max(started.duration(to: .now).seconds, 0.001)
        let rate = Double(bytes) / elapsed
        let left = done == 0 ? 0 : elapsed * Double(total - done) / Double(done)
        let line = "\(done)/\(total) files, \(ByteText.short(bytes)), " + String(format: "%.1f MB/s, ETA %.0f s", rate / 1e6, left)
        if isTerminal {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if lastPlain.withLockedValue({ last in
            guard last.duration(to: .now) >= .seconds(5) || done == total else { return false }
            last = .now
            return true
        }) {
            print(line)
        }
    }

    func finish() {
        if isTerminal { print() }
    }
}
