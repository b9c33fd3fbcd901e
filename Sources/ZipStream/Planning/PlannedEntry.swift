/// One entry as a plan keeps it: a fixed 40-byte record, its name a slice of the plan's one name buffer.
///
/// A plan used to keep each entry three times over (the `ZipEntry` with its `String`, the name as its own byte
/// array, the layout): 249 heap bytes and three allocations per entry (docs/BENCHMARKS.md, "Per entry"), held by
/// every download for as long as it streamed. These records hold only what the headers are made from; the layout
/// of an entry is recomputed from its record when it is needed (a few comparisons), never stored.
struct PlannedEntry: Sendable, Hashable {
    /// What an entry is, in one byte.
    struct Traits: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        static let directory = Traits(rawValue: 1 << 0)
        static let deflated = Traits(rawValue: 1 << 1)
        /// `crc32` holds the CRC-32 known before writing; otherwise it is 0 and the data descriptor carries it.
        static let knownCRC = Traits(rawValue: 1 << 2)
        /// The name has a byte past ASCII (general purpose bit 11).
        static let utf8Name = Traits(rawValue: 1 << 3)
    }

    /// The offset of entries the plan cannot place: those from the first deflated one on.
    static let unplaced = UInt64.max

    // Declared widest first, so the record packs into 40 bytes.
    let size: UInt64
    let modified: Int64
    /// Offset of the local header, or `unplaced`.
    let offset: UInt64
    /// Where the name starts in the plan's name buffer.
    let nameStart: UInt32
    let crc32: UInt32
    /// zlib's level, for a deflated entry.
    let level: Int32
    let nameLength: UInt16
    let traits: Traits

    var isFile: Bool { !traits.contains(.directory) }
    var isDeflated: Bool { traits.contains(.deflated) }
    var knownCRC: UInt32? { traits.contains(.knownCRC) ? crc32 : nil }
}
