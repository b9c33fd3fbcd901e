// zip-bench: ZipStream's benchmarks (run on demand, release build). See docs/BENCHMARKS.md.
//   zip-bench                       CRC-32, writer throughput, peak RSS for 1 and 10 GiB archives
//   zip-bench rss GIB               (internal) one archive of GIB GiB, printing this process's peak RSS
//   zip-bench plan-memory COUNT K   heap bytes per entry of a COUNT-entry album plan (K: known or unknown CRCs)
//   zip-bench entry-cost N SIZE K   CPU ns per entry to plan and to write N entries of SIZE bytes (median of 21)
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "rss", let gib = Int(arguments[2]) {
    try await writeArchiveReportingPeakRSS(gib: gib)
} else if arguments.count == 4, arguments[1] == "plan-memory", let count = Int(arguments[2]),
          ["known", "unknown"].contains(arguments[3]) {
    try await EntryCostBench.runMemory(count: count, knownCRC: arguments[3] == "known")
} else if arguments.count == 5, arguments[1] == "entry-cost", let count = Int(arguments[2]),
          let size = UInt64(arguments[3]), ["known", "unknown"].contains(arguments[4]) {
    try await EntryCostBench.runCPU(count: count, size: size, knownCRC: arguments[4] == "known")
} else {
    runCRCBench()
    try await runWriterBench()
    try runMemoryBench()
}
