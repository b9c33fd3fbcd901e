import NIOCore

/// Supplies the bytes of each entry as the writer reaches it.
///
/// The writer asks for entries strictly in plan order, once each, and only for entries whose bytes it needs:
/// a source may open files or S3 objects lazily, or prefetch a few ahead, as it sees fit.
public protocol ZipEntrySource: Sendable {
    associatedtype Bytes: AsyncSequence where Bytes.Element == ByteBuffer

    /// The data of `entry` (number `index` in the plan), starting `offset` bytes in. The sequence must end after
    /// exactly `entry.size - offset` bytes; the writer fails loudly on any other count.
    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws -> Bytes
}

/// What a write produced, for callers that keep CRC-32s (a cache makes later downloads and resumes cheaper).
public struct ZipWriteSummary: Sendable, Equatable {
    /// Bytes handed to the sink.
    public let bytesWritten: UInt64
    /// Every entry's CRC-32 as written, and which of them the writer computed: two flat arrays, which the writer
    /// fills anyway, rather than a dictionary grown entry by entry during the write.
    private let crcs: [UInt32]
    private let computed: [Bool]

    init(bytesWritten: UInt64, crcs: [UInt32], computed: [Bool]) {
        self.bytesWritten = bytesWritten
        self.crcs = crcs
        self.computed = computed
    }

    /// The CRC-32 of every entry whose data was read in full, by plan index.
    public var computedCRCs: [Int: UInt32] {
        Dictionary(uniqueKeysWithValues: computed.indices.lazy.filter { computed[$0] }.map { ($0, crcs[$0]) })
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.bytesWritten == rhs.bytesWritten && lhs.computedCRCs == rhs.computedCRCs
    }
}
