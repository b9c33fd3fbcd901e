import Catalog
import Logging
import NIOConcurrencyHelpers

/// The CRC-32s an archive download computes as it streams, kept for the CRC cache: the next download of the same
/// files knows them before the first byte, so it is the known-CRC layout and can be resumed.
final class LearntCRCs: Sendable {
    private let identities: [StoredFileIdentity?]
    private let learnt = NIOLockedValueBox<[StoredFileIdentity: UInt32]>([:])

    /// - Parameter identities: each plan entry's file version, by plan index.
    init(identities: [StoredFileIdentity?]) {
        self.identities = identities
    }

    /// The writer's `computed` callback.
    var record: @Sendable (Int, UInt32) -> Void {
        { [identities, learnt] index, crc in
            guard let identity = identities[index] else { return }
            learnt.withLockedValue { $0[identity] = crc }
        }
    }

    /// Hands what was learnt to the cache, once; a failure is logged (the download itself is not affected).
    func save(in cache: any CRCCache, logger: Logger) async {
        let crcs = learnt.withLockedValue { learnt in defer { learnt = [:] }; return learnt }
        guard !crcs.isEmpty else { return }
        do {
            try await cache.remember(crcs)
        } catch {
            logger.warning("CRC-32s not cached", metadata: ["entries": "\(crcs.count)", "error": "\(error)"])
        }
    }
}
