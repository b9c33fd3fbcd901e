import Foundation
import NIOConcurrencyHelpers
import StorageTools

/// A count of bytes as people read it.
struct ByteCount: CustomStringConvertible {
    let bytes: UInt64
    init(_ bytes: UInt64) { self.bytes = bytes }
    var description: String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}

/// Files, bytes, rate and time left: one line rewritten in place on a terminal, a plain line every 5 s otherwise.
final class ProgressLine: Sendable {
    let started: ContinuousClock.Instant
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private let lastPlain = NIOLockedValueBox(ContinuousClock.Instant.now)

    init(started: ContinuousClock.Instant) { self.started = started }

    var show: @Sendable (CRCWarmProgress) -> Void {
        { [self] progress in
            let elapsed = max(started.duration(to: .now).seconds, 0.001)
            let rate = Double(progress.bytesDone) / elapsed
            let left = progress.done == 0 ? 0 : elapsed * Double(progress.total - progress.done) / Double(progress.done)
            let line = "\(progress.done)/\(progress.total) files, \(ByteCount(progress.bytesDone)), "
                + String(format: "%.1f MB/s, ETA %.0f s", rate / 1e6, left)
            if isTerminal {
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
            } else if lastPlain.withLockedValue({ last in
                guard last.duration(to: .now) >= .seconds(5) || progress.done == progress.total else { return false }
                last = .now
                return true
            }) {
                print(line)
            }
        }
    }

    func finish() {
        if isTerminal { print() }
    }
}
