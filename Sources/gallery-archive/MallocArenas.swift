#if canImport(Glibc)
import CMalloc
#endif

/// glibc gives each thread that allocates its own malloc arena (up to eight per core), and an arena keeps the pages of
/// its own peak. The service's work moves between threads — a download's plan is built on one, its file chunks are
/// read on others, its buffers are freed on an event loop — so every arena grows to a peak of its own. Two arenas
/// take 3-6 MiB off the peak RSS of one download of 8,000 files at no cost in throughput (docs/BENCHMARKS.md,
/// "Archive downloads"). An operator's `MALLOC_ARENA_MAX` is left as it is.
enum MallocArenas {
    static func limit(to count: Int32, environment: [String: String]) {
        #if canImport(Glibc)
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, count)
        #endif
    }
}
