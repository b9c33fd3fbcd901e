import Backends

/// Opens an archive's sources in plan order, a few entries ahead of the writer, so per-object latency (an S3 GET's
/// first byte) overlaps the streaming of the entry before it (DESIGN §4).
///
/// How far ahead depends on where the entry is. An S3 object waits a round trip for its first byte, so small
/// objects are opened up to `remoteDepth` (32) ahead: at 20 ms a request, 8 ahead capped 500 small objects at
/// 500 / 8 × 20 ms = 1.25 s of waiting alone. A disk file's open and first read take microseconds on the blocking
/// pool, and each file opened ahead holds its first chunk (up to 256 KiB) in memory, so disk entries go only
/// `localDepth` (2) ahead: 4 ahead held twice the chunks for no throughput a side-by-side run could tell apart
/// (docs/BENCHMARKS.md, run 5).
///
/// Bounds: at most that many entries and `byteBudget` bytes ahead per archive; and every read-ahead open, across all
/// archives, holds a permit of the shared `budget`, sized at half the S3 connection limit. That last bound is what
/// keeps read-ahead deadlock-free: streams opened ahead hold S3 permits while their archive may be waiting for its
/// current entry, so if they could take every permit, all archives could wait on each other forever. With half the
/// permits reserved for current entries, which are read to the end and release theirs, some archive always moves.
///
/// An entry whose object was read whole while planning (`ArchiveSources.prefetched`) opens nothing: it is served
/// from memory, and the read-ahead looks past it.
actor ReadAhead {
    struct Source: Sendable {
        let backend: any StorageBackend
        let key: String
        let size: UInt64
        /// The version planned (the storage tag `head` gave): read from the first byte with that condition.
        var version: String? = nil
    }

    private let sources: ArchiveSources
    private let budget: ConnectionLimiter
    private let localDepth: Int
    private let remoteDepth: Int
    private let byteBudget: UInt64
    private var ahead: [Int: Task<Opened, any Error>] = [:]
    private var scheduledThrough = -1
    private var cancelled = false

    /// How many bytes of one archive's sources may be held before their entries are written: opened ahead here,
    /// or read whole while the archive is planned (`AssetResolver`).
    static let defaultByteBudget: UInt64 = 8 << 20

    init(sources: ArchiveSources, budget: ConnectionLimiter, localDepth: Int = 2, remoteDepth: Int = 32,
         byteBudget: UInt64 = defaultByteBudget) {
        self.sources = sources
        self.budget = budget
        self.localDepth = localDepth
        self.remoteDepth = remoteDepth
        self.byteBudget = byteBudget
    }

    /// The bytes of entry `index` from `offset`, held or opened ahead if they were; then schedules the next entries.
    func stream(at index: Int, from offset: UInt64) async throws -> StorageByteStream {
        guard !cancelled else { throw CancellationError() }
        for earlier in ahead.keys where earlier < index { ahead.removeValue(forKey: earlier)?.cancel() }
        if let held = sources.prefetched.take(index, from: offset) {
            scheduledThrough = max(scheduledThrough, index)
            scheduleAhead(after: index)
            return StorageByteStream(HeldBytes(held))
        }
        let task: Task<Opened, any Error>
        if offset == 0, let opened = ahead.removeValue(forKey: index) {
            task = opened
        } else {
            ahead.removeValue(forKey: index)?.cancel()
            let sources = sources
            task = Task {
                Opened(stream: try await Self.open(try sources.source(at: index), from: offset), permit: nil)
            }
        }
        scheduledThrough = max(scheduledThrough, index)
        scheduleAhead(after: index)
        let opened = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        opened.permit?.release()
        return opened.stream
    }

    /// Cancels every open in flight and drops the streams opened ahead (their S3 permits go back at once).
    func cancelAll() {
        cancelled = true
        for task in ahead.values { task.cancel() }
        ahead.removeAll()
    }

    private func scheduleAhead(after index: Int) {
        var bytes: UInt64 = 0
        var next = index + 1
        while next < sources.count, next - index <= (sources.isOnDisk(next) ? localDepth : remoteDepth) {
            defer { next += 1 }
            if sources.prefetched.holds(next) { continue }  // read whole while planning: nothing to open
            bytes += sources.size(at: next)
            if next > scheduledThrough {
                if bytes > byteBudget, next > index + 1 { break }
                let (sources, budget, entry) = (sources, budget, next)
                ahead[next] = Task {
                    let permit = try await ConnectionPermit.acquire(from: budget)
                    return Opened(stream: try await Self.open(try sources.source(at: entry), from: 0), permit: permit)
                }
                scheduledThrough = next
            }
        }
    }

    private static func open(_ source: Source, from offset: UInt64) async throws -> StorageByteStream {
        let range = offset == 0 && source.version == nil ? nil : ByteRange(offset: Int64(offset), version: source.version)
        return try await source.backend.get(source.key, range: range)
    }

    struct Opened: Sendable {
        let stream: StorageByteStream
        let permit: ConnectionPermit?
    }
}
