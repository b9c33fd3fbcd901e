import CMalloc
import Foundation
import NIOCore
import ZipStream

/// What each entry of an 8,000-photo album download costs, apart from its data: the heap bytes a plan holds per
/// entry (and the writer on top of it while it streams), and the CPU time per entry of planning and writing. The
/// entries are what Gallery albums hold: "2026/IMG_1234.jpg", 256 KiB each, distinct
/// mtimes, CRC-32s known (a cached album) or not (its first download). Results: docs/BENCHMARKS.md, "Per entry".
enum EntryCostBench {
    static let entrySize: UInt64 = 256 << 10

    static func entries(count: Int, size: UInt64 = entrySize, knownCRC: Bool) -> [ZipEntry] {
        // Every entry's data is zeros (ZeroSource), so one CRC-32 serves them all.
        var zeros = CRC32()
        zeros.update(ByteBuffer(repeating: 0, count: Int(size)))
        return (0..<count).map { index in
            ZipEntry(name: "2026/IMG_\(10_000 + index).jpg", size: size, modified: 1_767_225_600 + Int64(index) * 97,
                     crc32: knownCRC ? zeros.value : nil)
        }
    }

    /// `zip-bench plan-memory COUNT known|unknown`: heap bytes (glibc's mallinfo2) held by a plan of
    /// COUNT entries once its entry list is gone, and the most in use while the writer streams it, above the heap
    /// in use before planning. One case per process, so nothing freed by an earlier case lowers the figures.
    static func runMemory(count: Int, knownCRC: Bool) async throws {
        _ = ZeroSource.zeros  // made before the idle figure: it is the source's, not the plan's
        let idle = heapInUse()
        let plan = try ZipPlan(entries: entries(count: count, knownCRC: knownCRC))
        let planned = heapInUse()
        var peak = planned
        try await ZipWriter(plan: plan, source: ZeroSource()).write { _ in peak = max(peak, heapInUse()) }
        let perEntry = { (bytes: Int) in String(format: "%.1f", Double(bytes) / Double(count)) }
        print("\(count) entries, \(knownCRC ? "known" : "unknown") CRC: plan holds \(perEntry(planned - idle)) B/entry;"
              + " while writing, peak \(perEntry(peak - idle)) B/entry above idle")
    }

    /// `zip-bench entry-cost COUNT SIZE known|unknown`: the process's CPU time (user + system, from getrusage) to
    /// plan, and then to write, an album of COUNT entries of SIZE bytes; the median of 21 rounds, per entry. SIZE 0
    /// leaves only what each entry costs apart from its data. (valgrind 3.19 stops with an internal SIGSEGV on this
    /// binary and the VM exposes no instruction counter to perf, so CPU time it is.)
    static func runCPU(count: Int, size: UInt64, knownCRC: Bool) async throws {
        var planning: [Double] = [], writing: [Double] = []
        for _ in 0..<21 {
            let list = entries(count: count, size: size, knownCRC: knownCRC)
            var start = cpuNanoseconds()
            let plan = try ZipPlan(entries: list)
            planning.append(cpuNanoseconds() - start)
            start = cpuNanoseconds()
            var written: UInt64 = 0
            try await ZipWriter(plan: plan, source: ZeroSource()).write { written += UInt64($0.readableBytes) }
            writing.append(cpuNanoseconds() - start)
            precondition(written == plan.length)
        }
        let median = { (values: [Double]) in String(format: "%.0f", values.sorted()[values.count / 2] / Double(count)) }
        print("\(count) entries of \(size) B, \(knownCRC ? "known" : "unknown") CRC: CPU ns per entry (median of 21):"
              + " plan \(median(planning)), write \(median(writing))")
    }

    /// Bytes in use on the heap: glibc's arenas plus the blocks it maps on their own (128 KiB and up, such as a
    /// large plan's arrays), which `uordblks` leaves out.
    private static func heapInUse() -> Int {
        let info = mallinfo2()
        return Int(info.uordblks + info.hblkhd)
    }

    private static func cpuNanoseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) * 1e9 + Double(time.tv_usec) * 1e3 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
