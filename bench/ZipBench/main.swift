// zip-bench: ZipStream's benchmarks (run on demand, release build). See docs/BENCHMARKS.md.
//   zip-bench            CRC-32, writer throughput, peak RSS for 1 and 10 GiB archives
//   zip-bench rss GIB    (internal) one archive of GIB GiB, printing this process's peak RSS
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "rss", let gib = Int(arguments[2]) {
    try await writeArchiveReportingPeakRSS(gib: gib)
} else {
    runCRCBench()
    try await runWriterBench()
    try runMemoryBench()
}
