import Backends
import Foundation
import Synchronization
import Testing

/// Issue 9: blocking file-system calls run on a pool of their own with a bound (before: Dispatch's global queue,
/// without one), and the disk backend's `realpath` and `open` run there, never on Swift's cooperative threads.
struct BlockingIOTests {
    @Test func blockingCallsOverlapUpToThePoolsBoundAndNoFurther() async throws {
        let overlap = Overlap()
        let jobs = BlockingIO.threadCount * 3
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<jobs {
                group.addTask {
                    try await BlockingIO.run {
                        overlap.enter()
                        usleep(100_000)  // a stat on a slow NFS mount
                        overlap.leave()
                        return BlockingIO.isOnPoolThread
                    }
                }
            }
            for try await onPool in group { #expect(onPool) }
        }
        // The bound holds; and the calls did overlap, on most of the pool (other suites running at the same time
        // in this process may hold a pool thread or two).
        #expect(overlap.most <= BlockingIO.threadCount)
        #expect(overlap.most >= BlockingIO.threadCount / 2, "only \(overlap.most) calls ran at once")
        #expect(!BlockingIO.isOnPoolThread, "a test task is not a pool thread")
    }

    @Test func theDiskBackendResolvesAndOpensOnThePool() async throws {
        let root = NSTemporaryDirectory() + "blocking-io-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = DiskStorageBackend(roots: try MediaRoots([root]))
        // Each of these asserts (debug builds) that its realpath or open runs on a pool thread.
        try await disk.put("a/b.bin", from: .bytes([1, 2, 3]))
        #expect(try await disk.head("a/b.bin").size == 3)
        _ = try await disk.serveStrategy(for: "a/b.bin", options: ServeOptions())
        try await disk.delete("a/b.bin")
        try await disk.deletePrefix("a")
        #expect(try await disk.exists("a/b.bin") == false)
    }
}

/// How many calls ran at once, at most.
private final class Overlap: Sendable {
    private let running = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    var most: Int { peak.load(ordering: .relaxed) }

    func enter() {
        peak.max(running.add(1, ordering: .relaxed).newValue, ordering: .relaxed)
    }

    func leave() {
        running.subtract(1, ordering: .relaxed)
    }
}
