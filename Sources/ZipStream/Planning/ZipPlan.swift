/// An archive computed before any of its bytes: the entries in order, where each one starts, and — when every
/// entry is stored — the exact total length (the `Content-Length` a browser shows progress against).
///
/// The writer must then produce exactly these bytes; `ZipWriter` checks it does. A plan is held for as long as its
/// archive streams, so it is compact: one fixed-size record per entry and every name in one byte buffer
/// (`PlannedEntry`), about 40 bytes plus the name per entry.
public struct ZipPlan: Sendable {
    /// Where one entry's parts lie in the archive (known only for entries before the first deflated one).
    public struct EntrySpan: Sendable, Hashable {
        /// Offset of the local header.
        public let headerOffset: UInt64
        /// Offset of the first data byte.
        public let dataOffset: UInt64
        /// Offset just past the data.
        public let dataEnd: UInt64
        /// Offset just past the data descriptor (or the data, when there is none).
        public let end: UInt64
    }

    /// Every entry, in archive order.
    let records: [PlannedEntry]
    /// Every name as written (UTF-8 in Unicode normalisation form C), one after another.
    let nameBytes: [UInt8]
    /// How many entries, from the first, have their offsets planned: all of them unless one is deflated.
    let placedCount: Int
    /// The central directory, when every entry is stored.
    let centralDirectory: CentralDirectoryLayout?

    /// Plans an archive of `entries`, in this order.
    ///
    /// Throws when a name is unsafe, too long, or equal to another one up to case: names come from `ZipNames`.
    public init(entries: some Collection<ZipEntry>) throws {
        var records: [PlannedEntry] = []
        records.reserveCapacity(entries.count)
        // Reserved to the byte (normalising a name rarely changes its length): a buffer grown by doubling would
        // hold a quarter more than it needs, on average, for as long as the archive streams.
        var nameBytes: [UInt8] = []
        nameBytes.reserveCapacity(entries.reduce(0) { $0 + $1.name.utf8.count })
        var seen = Set<String>()
        var directoryWithData: String?
        var (offset, directorySize, placing): (UInt64, UInt64, Bool) = (0, 0, true)
        for entry in entries {
            let nameStart = nameBytes.count
            try Self.appendValidatedName(of: entry, to: &nameBytes, seen: &seen)
            if entry.kind == .directory, entry.size != 0, directoryWithData == nil { directoryWithData = entry.name }
            let nameLength = nameBytes.count - nameStart
            let utf8 = nameBytes[nameStart...].contains { $0 >= 0x80 }
            // A deflated entry's compressed size is known only once written: from it on, nothing is placed.
            placing = placing && !entry.isDeflated
            records.append(PlannedEntry(entry, nameStart: nameStart, nameLength: nameLength, isUTF8: utf8,
                                        offset: placing ? offset : PlannedEntry.unplaced))
            if placing {
                let layout = EntryLayout(entry: entry, nameLength: nameLength, isUTF8: utf8, offset: offset)
                offset = layout.dataOffset + entry.size + UInt64(layout.descriptorLength)
                directorySize += UInt64(layout.centralHeaderLength)
            }
        }
        // Every name is checked before any directory: the same error whatever else is wrong.
        if let directoryWithData { throw ZipStreamError.directoryWithData(directoryWithData) }
        self.records = records
        self.nameBytes = nameBytes
        placedCount = placing ? records.count : records.firstIndex { $0.isDeflated }!
        centralDirectory = placing
            ? CentralDirectoryLayout(count: records.count, offset: offset, size: directorySize) : nil
    }

    /// The entries, in archive order, made on demand from the records; each name in the form C it is written in.
    public var entries: Entries { Entries(plan: self) }

    /// Offset of the central directory, when every entry is stored.
    public var centralDirectoryOffset: UInt64? { centralDirectory?.offset }

    /// The exact archive length, when every entry is stored; nil when a deflated entry makes it unknowable.
    public var length: UInt64? { centralDirectory.map { $0.offset + $0.length } }

    /// The exact length `init(entries:)` plans for `entries` when every one is a stored file, without keeping a plan
    /// or checking the names again: for names that `ZipNameAllocator` handed out (already sanitised, in form C and
    /// unique), which `/download/info` measures by the hundred thousand. Nil when an entry is deflated or a
    /// directory. The archive's own plan still checks every name when it is written.
    public static func storedLength(of entries: some Sequence<ZipEntry>) -> UInt64? {
        var (offset, count, directorySize): (UInt64, Int, UInt64) = (0, 0, 0)
        for entry in entries {
            guard entry.kind == .file, !entry.isDeflated else { return nil }
            let utf8 = entry.name.utf8
            let layout = EntryLayout(entry: entry, nameLength: utf8.count, isUTF8: utf8.contains { $0 >= 0x80 },
                                     offset: offset)
            offset = layout.dataOffset + entry.size + UInt64(layout.descriptorLength)
            directorySize += UInt64(layout.centralHeaderLength)
            count += 1
        }
        return offset + CentralDirectoryLayout(count: count, offset: offset, size: directorySize).length
    }

    /// Where entry `index` lies, when known before writing (every entry of a stored plan).
    public func span(of index: Int) -> EntrySpan? {
        guard index < placedCount else { return nil }
        let layout = layout(of: index, at: records[index].offset)
        let dataEnd = layout.dataOffset + (layout.plannedCompressedSize ?? 0)
        return EntrySpan(headerOffset: layout.offset, dataOffset: layout.dataOffset, dataEnd: dataEnd,
                         end: dataEnd + UInt64(layout.descriptorLength))
    }

    /// Entry `index`'s name as written.
    func name(of index: Int) -> ArraySlice<UInt8> {
        let start = Int(records[index].nameStart)
        return nameBytes[start..<(start + Int(records[index].nameLength))]
    }

    /// Entry `index`'s layout with its local header at `offset` (the planned one, or where the writer is).
    func layout(of index: Int, at offset: UInt64) -> EntryLayout {
        EntryLayout(entry: records[index], offset: offset)
    }

    /// Appends `entry`'s name as written, after checking that it is safe, not too long and new up to case.
    private static func appendValidatedName(of entry: ZipEntry, to nameBytes: inout [UInt8], seen: inout Set<String>)
        throws {
        guard ZipNames.isSafe(entry.name, directory: entry.kind == .directory) else {
            throw ZipStreamError.unsafeName(entry.name)
        }
        let normalized = ZipNames.normalized(entry.name)
        guard normalized.utf8.count <= ZipNames.maxPathBytes else { throw ZipStreamError.nameTooLong(entry.name) }
        guard seen.insert(ZipNames.collisionKey(entry.name)).inserted else {
            throw ZipStreamError.duplicateName(entry.name)
        }
        nameBytes.append(contentsOf: normalized.utf8)
    }
}

extension ZipPlan {
    /// The entries of a plan as `ZipEntry` values, made one at a time from its records.
    public struct Entries: RandomAccessCollection, Sendable {
        let plan: ZipPlan

        public var startIndex: Int { 0 }
        public var endIndex: Int { plan.records.count }

        public subscript(index: Int) -> ZipEntry {
            let record = plan.records[index]
            var entry = ZipEntry(name: String(decoding: plan.name(of: index), as: UTF8.self), size: record.size,
                                 modified: record.modified,
                                 method: record.isDeflated ? .deflated(level: record.level) : .stored,
                                 crc32: record.knownCRC)
            if !record.isFile { entry.kind = .directory }
            return entry
        }
    }
}

extension PlannedEntry {
    init(_ entry: ZipEntry, nameStart: Int, nameLength: Int, isUTF8: Bool, offset: UInt64) {
        var traits: Traits = isUTF8 ? .utf8Name : []
        if entry.kind == .directory { traits.insert(.directory) }
        if entry.isDeflated { traits.insert(.deflated) }
        if entry.crc32 != nil { traits.insert(.knownCRC) }
        var level: Int32 = 0
        if case .deflated(let deflateLevel) = entry.method { level = deflateLevel }
        // 32 bits hold where any real plan's names start: names are at most 1 KiB (`ZipNames.maxPathBytes`), so it
        // takes over four million entries to pass 4 GiB, and then this traps rather than wraps.
        self.init(size: entry.size, modified: entry.modified, offset: offset, nameStart: UInt32(nameStart),
                  crc32: entry.crc32 ?? 0, level: level, nameLength: UInt16(nameLength), traits: traits)
    }
}

/// The central directory and end records that follow the last entry.
struct CentralDirectoryLayout: Sendable {
    let count: Int
    let offset: UInt64
    let size: UInt64

    /// ZIP64 end records are written exactly when a 16- or 32-bit field of the classic end record cannot hold
    /// its value — "≥" because the all-ones value itself means "look in the ZIP64 record".
    var needsZip64End: Bool {
        UInt64(count) >= ZipFormat.max16 || size >= ZipFormat.max32 || offset >= ZipFormat.max32
    }

    /// The central headers and the end records.
    var length: UInt64 {
        let zip64 = needsZip64End ? ZipFormat.zip64EndOfCentralDirectoryLength + ZipFormat.zip64EndLocatorLength : 0
        return size + UInt64(zip64 + ZipFormat.endOfCentralDirectoryLength)
    }
}
