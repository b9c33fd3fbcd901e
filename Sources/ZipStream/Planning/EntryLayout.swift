/// Every decision about one entry's bytes, made from the entry and the offset of its local header alone,
/// before that header is written. The planner and the writer both call this, so what is planned is what is written.
struct EntryLayout: Sendable, Hashable {
    /// Offset of the local header from the start of the archive.
    let offset: UInt64
    /// ZIP64 is decided here, once per entry, and never changes afterwards: readers size the data descriptor
    /// (16 or 24 bytes) from the local header's ZIP64 extra, and Debian's unzip from the central one, so the local
    /// extra, the descriptor and the central extra must all agree.
    let isZip64: Bool
    /// Bit 3: the CRC-32 (and for deflate, the sizes) follow the data.
    let hasDescriptor: Bool
    let flags: UInt16
    let versionNeeded: UInt16
    let method: UInt16
    /// The compressed size when known before writing: always for stored entries and directories.
    let plannedCompressedSize: UInt64?
    let nameLength: Int
    /// A file rather than a directory (directories have neither descriptor nor padding).
    let isFile: Bool

    /// The layout of a planned entry with its local header at `offset`.
    init(entry: PlannedEntry, offset: UInt64) {
        self.init(isFile: entry.isFile, isDeflated: entry.isDeflated, size: entry.size, knownCRC: entry.knownCRC != nil,
                  nameLength: Int(entry.nameLength), isUTF8: entry.traits.contains(.utf8Name), offset: offset)
    }

    /// - Parameters:
    ///   - nameLength: the name's byte count as written (UTF-8, form C).
    ///   - isUTF8: whether the name has a byte past ASCII (general purpose bit 11).
    init(entry: ZipEntry, nameLength: Int, isUTF8: Bool, offset: UInt64) {
        self.init(isFile: entry.kind == .file, isDeflated: entry.isDeflated, size: entry.size,
                  knownCRC: entry.crc32 != nil, nameLength: nameLength, isUTF8: isUTF8, offset: offset)
    }

    private init(isFile: Bool, isDeflated deflated: Bool, size: UInt64, knownCRC: Bool, nameLength: Int, isUTF8: Bool,
                 offset: UInt64) {
        self.offset = offset
        self.nameLength = nameLength
        self.isFile = isFile
        method = deflated ? ZipFormat.methodDeflated : ZipFormat.methodStored
        plannedCompressedSize = deflated ? nil : size
        // The largest size the data can have: deflate can expand incompressible input a little.
        let largestData = deflated ? Self.deflateBound(size) : size
        isZip64 = largestData >= ZipFormat.max32 || offset >= ZipFormat.max32
        // Directories never carry bit 3 (7-Zip and Java then expect a descriptor that has no reason to exist);
        // a known CRC needs no descriptor, which is what Java's ZipInputStream requires for stored entries.
        hasDescriptor = isFile && (deflated || !knownCRC)
        flags = (hasDescriptor ? ZipFormat.flagDataDescriptor : 0) | (isUTF8 ? ZipFormat.flagUTF8 : 0)
        versionNeeded = isZip64 ? ZipFormat.versionZip64 : (deflated ? ZipFormat.versionDeflated : ZipFormat.versionStored)
    }

    /// The ZIP64 extra in a local header: both 64-bit sizes (APPNOTE 4.5.3 requires both there).
    var localZip64ExtraLength: Int { isZip64 ? 4 + 16 : 0 }

    /// A file stored with its CRC known carries, in its local header, a padding extra exactly as long as the data
    /// descriptor it does without, so an archive's length never depends on which CRCs were known when it was
    /// planned: a CRC learnt between `/download/info` and the download (or between two downloads) changes the
    /// layout, never the length announced. The padding is Android's alignment extra (0xD935), which every reader
    /// skips as an unknown field and zipalign itself writes into local headers.
    var localPaddingExtraLength: Int {
        guard !hasDescriptor, method == ZipFormat.methodStored, isFile else { return 0 }
        return isZip64 ? ZipFormat.zip64DataDescriptorLength : ZipFormat.dataDescriptorLength
    }

    var localExtraLength: Int { localZip64ExtraLength + ZipFormat.extendedTimestampLength + localPaddingExtraLength }

    var localHeaderLength: Int { ZipFormat.localHeaderFixedLength + nameLength + localExtraLength }

    var dataOffset: UInt64 { offset + UInt64(localHeaderLength) }

    var descriptorLength: Int {
        guard hasDescriptor else { return 0 }
        return isZip64 ? ZipFormat.zip64DataDescriptorLength : ZipFormat.dataDescriptorLength
    }

    /// Whether the central header needs the 64-bit offset: only when the offset itself does not fit.
    var needsZip64Offset: Bool { offset >= ZipFormat.max32 }

    /// The central ZIP64 extra holds exactly the fields whose 32-bit slots say 0xFFFFFFFF: both sizes for a ZIP64
    /// entry, the offset when it does not fit. None at all beside a 16-byte descriptor.
    var centralZip64ExtraLength: Int {
        guard isZip64 else { return 0 }
        return 4 + 16 + (needsZip64Offset ? 8 : 0)
    }

    var centralHeaderLength: Int {
        ZipFormat.centralHeaderFixedLength + nameLength + centralZip64ExtraLength + ZipFormat.extendedTimestampLength
    }

    /// zlib's deflateBound() for raw deflate at the default memory level.
    static func deflateBound(_ size: UInt64) -> UInt64 {
        let (bound, overflow) = size.addingReportingOverflow((size >> 12) + (size >> 14) + (size >> 25) + 7)
        return overflow ? .max : bound
    }
}

extension ZipEntry {
    var isDeflated: Bool {
        if case .deflated = method, kind == .file { return true }
        return false
    }
}
