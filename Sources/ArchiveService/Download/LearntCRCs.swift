import Catalog
import Logging
import NIOConcurrencyHelpers

/// The CRC-32s an archive download computes as it streams, kept for the CRC cache: the next download of the same
/// files knows them before the first byte, so it is the known-CRC layout and can be resumed.
///
/// They are kept by plan index (5 bytes an entry) and named by their file versions only when saved, a batch at a
/// time: the names are paths and tags, a few hundred bytes an entry, which a download of 8,000 new photos would
/// otherwise hold until its end.
final class LearntCRCs: Sendable {
    /// Identities named per `remember` call: bounds what saving holds at once.
    static let batchSize = 1024

    private let sources: ArchiveSources
    private let learnt: NIOLockedValueBox<(crcs: [UInt32], isLearnt: [Bool])>

    /// - Parameter sources: the archive's sources, by plan index.
    init(sources: ArchiveSources) {
        self.sources = sources
        let count = sources.count
        learnt = NIOLockedValueBox((Array(repeating: 0, count: count), Array(repeating: false, count: count)))
    }

    /// The writer's `computed` callback.
    var record: @Sendable (Int, UInt32) -> Void {
        { [learnt] index, crc in
            learnt.withLockedValue {
                $0.crcs[index] = crc
                $0.isLearnt[index] = true
            }
        }
    }

    /// Hands what was learnt to the cache, once; a failure is logged (the download itself is not affected).
    func save(in cache: any CRCCache, logger: Logger) async {
        let indices = learnt.withLockedValue { learnt in
            let indices = learnt.isLearnt.indices.filter { learnt.isLearnt[$0] }
            for index in indices { learnt.isLearnt[index] = false }
            return indices.map { ($0, learnt.crcs[$0]) }
        }
        for batch in stride(from: 0, to: indices.count, by: Self.batchSize) {
            var crcs: [StoredFileIdentity: UInt32] = [:]
            for (index, crc) in indices[batch..<min(batch + Self.batchSize, indices.count)] {
                if let identity = sources.identity(at: index) { crcs[identity] = crc }
            }
            guard !crcs.isEmpty else { continue }
            do {
                try await cache.remember(crcs)
            } catch {
                logger.warning("CRC-32s not cached", metadata: ["entries": "\(crcs.count)", "error": "\(error)"])
            }
        }
    }
}
