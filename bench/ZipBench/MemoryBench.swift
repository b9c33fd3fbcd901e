import Foundation
import NIOCore
import ZipStream

/// Peak resident memory of one process writing a whole archive of zeros into a discarding sink: the writer's
/// memory must not grow with the archive, so 1 GiB and 10 GiB should peak at the same RSS (± 10 %).
/// Each size runs in a fresh process (`zip-bench rss GIB`), since a peak never comes down.
func runMemoryBench() throws {
    print("ZIP writer peak RSS (fresh process each, 256 MiB entries of zeros, CRC-32 computed):")
    fflush(nil)  // flush our buffered output first: the children print to the same terminal
    for gib in [1, 10] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["rss", "\(gib)"]
        try process.run()
        process.waitUntilExit()
    }
}

/// The child of `runMemoryBench`: writes `gib` GiB and prints its own peak RSS.
func writeArchiveReportingPeakRSS(gib: Int) async throws {
    let entries = (0..<(gib * 4)).map {
        ZipEntry(name: "video-\($0).mp4", size: 256 << 20, modified: 1_700_000_000)
    }
    let plan = try ZipPlan(entries: entries)
    var written: UInt64 = 0
    let start = ContinuousClock.now
    try await ZipWriter(plan: plan, source: ZeroSource()).write { written += UInt64($0.readableBytes) }
    precondition(written == plan.length)
    let elapsed = seconds(ContinuousClock.now - start)
    print("  \(gib) GiB archive: peak RSS \(peakRSSKiB() / 1024) MiB, \(gbps(Double(written), elapsed)) GB/s")
}

/// Every entry is zeros, handed out as slices of one 1 MiB buffer.
struct ZeroSource: ZipEntrySource {
    static let zeros = ByteBuffer(repeating: 0, count: 1 << 20)

    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws
        -> BufferList
    {
        let size = Int(entry.size - offset), chunk = Self.zeros.readableBytes
        return BufferList(buffers: stride(from: 0, to: size, by: chunk).map {
            Self.zeros.getSlice(at: 0, length: min(chunk, size - $0))!
        })
    }
}

/// VmHWM: the peak resident set size of this process, in KiB.
func peakRSSKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}
