#if canImport(Glibc)
import CMalloc
#endif

/// glibc gives each thread that allocates its own malloc arena (up to eight per core), and an arena keeps the pages of
/// its own peak. The service's work moves between threads — a download's plan is built on one, its file chunks are
/// read on others, its buffers are freed on an event loop — so every arena grows to a peak of its own. On 2 cores,
/// one arena took the peak RSS of one download of 8,000 files from 66-68 to 60-61 MiB, with the rate of 16
/// concurrent downloads within run-to-run noise (docs/BENCHMARKS.md, "Archive downloads"). Called before any other
/// thread exists: arenas already taken stay. An operator's `MALLOC_ARENA_MAX` is left as it is.
enum MallocArenas {
    /// One arena per two cores, unless the environment sets `MALLOC_ARENA_MAX`.
    static func limit(cores: Int, environment: [String: String]) {
        #if canImport(Glibc)
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, Int32(max(1, cores / 2)))
        #endif
    }
}
