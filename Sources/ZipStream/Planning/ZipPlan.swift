/// An archive computed before any of its bytes: the entries in order, where each one starts, and — when every
/// entry is stored — the exact total length (the `Content-Length` a browser shows progress against).
///
/// The writer must then produce exactly these bytes; `ZipWriter` checks it does.
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

    /// The entries, in archive order.
    public let entries: [ZipEntry]
    /// Each entry's name as written: UTF-8 in Unicode normalisation form C.
    let names: [[UInt8]]
    /// The layout of every entry whose offset is known before writing.
    let layouts: [EntryLayout]
    /// Offset of the central directory, when every entry is stored.
    public let centralDirectoryOffset: UInt64?
    /// The exact archive length, when every entry is stored; nil when a deflated entry makes it unknowable.
    public let length: UInt64?

    /// Plans an archive of `entries`, in this order.
    ///
    /// Throws when a name is unsafe, too long, or equal to another one up to case: names come from `ZipNames`.
    public init(entries: [ZipEntry]) throws {
        self.entries = entries
        names = try Self.validatedNames(entries)
        var layouts: [EntryLayout] = []
        layouts.reserveCapacity(entries.count)
        var offset: UInt64 = 0
        var knownUpToEnd = true
        for (entry, name) in zip(entries, names) {
            if entry.kind == .directory, entry.size != 0 { throw ZipStreamError.directoryWithData(entry.name) }
            let layout = EntryLayout(entry: entry, nameBytes: name, offset: offset)
            guard let compressed = layout.plannedCompressedSize else {
                knownUpToEnd = false
                break
            }
            layouts.append(layout)
            offset = layout.dataOffset + compressed + UInt64(layout.descriptorLength)
        }
        self.layouts = layouts
        if knownUpToEnd {
            centralDirectoryOffset = offset
            let directory = CentralDirectoryLayout(layouts: layouts, offset: offset)
            length = offset + directory.length
        } else {
            centralDirectoryOffset = nil
            length = nil
        }
    }

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
        guard index < layouts.count else { return nil }
        let layout = layouts[index]
        let dataEnd = layout.dataOffset + (layout.plannedCompressedSize ?? 0)
        return EntrySpan(headerOffset: layout.offset, dataOffset: layout.dataOffset, dataEnd: dataEnd,
                         end: dataEnd + UInt64(layout.descriptorLength))
    }

    private static func validatedNames(_ entries: [ZipEntry]) throws -> [[UInt8]] {
        var seen = Set<String>()
        seen.reserveCapacity(entries.count)
        return try entries.map { entry in
            guard ZipNames.isSafe(entry.name, directory: entry.kind == .directory) else {
                throw ZipStreamError.unsafeName(entry.name)
            }
            let bytes = Array(ZipNames.normalized(entry.name).utf8)
            guard bytes.count <= ZipNames.maxPathBytes else { throw ZipStreamError.nameTooLong(entry.name) }
            guard seen.insert(ZipNames.collisionKey(entry.name)).inserted else {
                throw ZipStreamError.duplicateName(entry.name)
            }
            return bytes
        }
    }
}

/// The central directory and end records that follow the last entry.
struct CentralDirectoryLayout: Sendable {
    let count: Int
    let offset: UInt64
    let size: UInt64

    init(layouts: [EntryLayout], offset: UInt64) {
        self.init(count: layouts.count, offset: offset, size: layouts.reduce(0) { $0 + UInt64($1.centralHeaderLength) })
    }

    init(count: Int, offset: UInt64, size: UInt64) {
        self.count = count
        self.offset = offset
        self.size = size
    }

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
