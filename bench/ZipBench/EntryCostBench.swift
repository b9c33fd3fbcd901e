import CMalloc
import Foundation
import NIOCore
import ZipStream

/// What each entry of an 8,000-photo album download costs, apart from its data: the heap bytes a plan holds per
/// entry (and the writer on top of it while it streams), and, run under callgrind, the instructions per entry of
/// planning and writing. The entries are what Gallery albums hold: "2026/IMG_1234.jpg", 256 KiB each, distinct
/// mtimes, CRC-32s known (a cached album) or not (its first download). Results: docs/BENCHMARKS.md, "Per entry".
enum EntryCostBench {
    static let entrySize: UInt64 = 256 << 10

    static func entries(count: Int, knownCRC: Bool) -> [ZipEntry] {
        // Every entry's data is zeros (ZeroSource), so one CRC-32 serves them all.
        var zeros = CRC32()
        zeros.update(ByteBuffer(repeating: 0, count: Int(entrySize)))
        return (0..<count).map { index in
            ZipEntry(name: "2026/IMG_\(10_000 + index).jpg", size: entrySize, modified: 1_767_225_600 + Int64(index) * 97,
                     crc32: knownCRC ? zeros.value : nil)
        }
    }

    /// `zip-bench plan-memory COUNT`: heap bytes (glibc's mallinfo2, bytes in use) held by a plan of COUNT entries
    /// once its entry list is gone, and the most in use above that while the writer streams it.
    static func runMemory(count: Int) async throws {
        for knownCRC in [false, true] {
            let idle = heapInUse()
            let plan = try ZipPlan(entries: entries(count: count, knownCRC: knownCRC))
            let planned = heapInUse()
            var peak = planned
            try await ZipWriter(plan: plan, source: ZeroSource()).write { _ in peak = max(peak, heapInUse()) }
            let perEntry = { (bytes: Int) in String(format: "%.1f", Double(bytes) / Double(count)) }
            print("\(count) entries, \(knownCRC ? "known" : "unknown") CRC: plan holds \(perEntry(planned - idle)) B/entry;"
                  + " while writing, peak \(perEntry(peak - idle)) B/entry above idle")
        }
    }

    /// `zip-bench write-once COUNT KNOWN`: plans and writes one archive, nothing else, for callgrind: the difference
    /// between COUNT = 8000 and COUNT = 0, divided by 8,000, is the instructions per entry.
    static func writeOnce(count: Int, knownCRC: Bool) async throws {
        let plan = try ZipPlan(entries: entries(count: count, knownCRC: knownCRC))
        var written: UInt64 = 0
        try await ZipWriter(plan: plan, source: ZeroSource()).write { written += UInt64($0.readableBytes) }
        precondition(written == plan.length)
    }

    private static func heapInUse() -> Int { Int(mallinfo2().uordblks) }
}
