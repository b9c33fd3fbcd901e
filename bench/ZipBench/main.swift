// zip-bench: ZipStream's benchmarks (run on demand, release build). See docs/BENCHMARKS.md.
//   zip-bench                       CRC-32, writer throughput, peak RSS for 1 and 10 GiB archives
//   zip-bench rss GIB               (internal) one archive of GIB GiB, printing this process's peak RSS
//   zip-bench plan-memory COUNT     heap bytes per entry of a COUNT-entry album plan, held and while streaming
//   zip-bench write-once COUNT K    plan and write one album archive (K: known or unknown CRCs), for callgrind
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "rss", let gib = Int(arguments[2]) {
    try await writeArchiveReportingPeakRSS(gib: gib)
} else if arguments.count == 3, arguments[1] == "plan-memory", let count = Int(arguments[2]) {
    try await EntryCostBench.runMemory(count: count)
} else if arguments.count == 4, arguments[1] == "write-once", let count = Int(arguments[2]),
          ["known", "unknown"].contains(arguments[3]) {
    try await EntryCostBench.writeOnce(count: count, knownCRC: arguments[3] == "known")
} else {
    runCRCBench()
    try await runWriterBench()
    try runMemoryBench()
}
