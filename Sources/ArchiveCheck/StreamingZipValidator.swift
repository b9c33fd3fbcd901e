import NIOCore
import ZipStream

/// Checks a stored ZIP archive as its bytes arrive, holding only the record being read and one small entry
/// summary per entry, never the data: archives are many gigabytes.
///
/// It checks the local headers in sequence (sizes from the header or its ZIP64 extra), each entry's CRC-32
/// against its header or its `PK\x07\x08` data descriptor (16 bytes, or 24 after a ZIP64 local extra), then the
/// central directory (same entries in the same order, names byte-identical, CRC-32, sizes, offsets, flags and
/// method as seen), the ZIP64 end record and locator when present, the end of central directory record, no bytes
/// after it, and the total length against the announced one. The first fault is thrown, and thrown again by
/// every later call.
public struct StreamingZipValidator: Sendable {
    /// Where the archive's records have got to.
    private enum Section {
        case entries, centralDirectory, afterZip64End, afterLocator, done
    }

    /// The announced length (`Content-Length`), when there is one.
    public let expectedLength: UInt64?
    /// Bytes consumed so far.
    public private(set) var position: UInt64 = 0
    /// The archive's entries in order, each CRC checked against its records: read it once `finish()` has returned.
    public var checkedEntries: [CheckedEntry] {
        entries.map {
            CheckedEntry(name: $0.displayName, crc32: $0.computedCRC, size: $0.size)
        }
    }

    private var section = Section.entries
    private var record = RecordKind.signature
    /// The record being gathered, from its signature on.
    private var pending: [UInt8] = []
    private var wanted = 4
    /// Data bytes of the current entry still to come; nil between entries.
    private var dataRemaining: UInt64?
    private var crc = CRC32()
    private var entries: [LocalEntry] = []
    private var directory = CentralDirectoryFacts(count: 0, offset: 0, size: 0)
    private var zip64EndOffset: UInt64?
    private var failure: ArchiveFault?

    /// A validator for an archive of `expectedLength` bytes (nil: any length).
    public init(expectedLength: UInt64? = nil) {
        self.expectedLength = expectedLength
        pending.reserveCapacity(ZipRecords.centralHeaderFixedLength + 256)
    }

    /// Checks the next bytes of the archive.
    public mutating func consume(_ buffer: ByteBuffer) throws(ArchiveFault) {
        // A rethrowing closure would lose the error's type; the result carries it out instead.
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(ArchiveFault) in try consume(bytes) }
        }
        try result.get()
    }

    /// Checks the next bytes of the archive.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(ArchiveFault) {
        if let failure { throw failure }
        do throws(ArchiveFault) {
            var rest = bytes[...]
            while !rest.isEmpty { try step(&rest) }
        } catch {
            failure = error
            throw error
        }
    }

    /// Ends the archive: throws unless it ended exactly after a complete end of central directory record
    /// at the announced length.
    public mutating func finish() throws(ArchiveFault) -> ArchiveSummary {
        if let failure { throw failure }
        guard section == .done else {
            let inside = dataRemaining != nil ? "the data of \(entries.last?.displayName ?? "")" : record.description
            failure = .truncated(offset: position, inside: inside)
            throw failure!
        }
        if let expectedLength, expectedLength != position {
            failure = .lengthMismatch(expected: expectedLength, actual: position)
            throw failure!
        }
        return ArchiveSummary(entryCount: entries.count, length: position,
                              dataBytes: entries.reduce(0) { $0 + $1.size })
    }

    // MARK: Steps

    /// Takes what the current state wants from the front of `rest`.
    private mutating func step(_ rest: inout Slice<UnsafeRawBufferPointer>) throws(ArchiveFault) {
        if section == .done { throw .trailingBytes(offset: position) }
        if let remaining = dataRemaining {
            let count = Int(min(UInt64(rest.count), remaining))
            crc.update(UnsafeRawBufferPointer(rebasing: rest.prefix(count)))
            rest = rest.dropFirst(count)
            position += UInt64(count)
            dataRemaining = remaining - UInt64(count)
            if dataRemaining == 0 { try endData() }
            return
        }
        let count = min(rest.count, wanted - pending.count)
        pending.append(contentsOf: rest.prefix(count))
        rest = rest.dropFirst(count)
        position += UInt64(count)
        if pending.count == wanted { try advance() }
    }

    private var recordOffset: UInt64 { position - UInt64(pending.count) }

    /// The gathered bytes reached `wanted`: dispatch on a signature, learn a record's full length, or check it.
    private mutating func advance() throws(ArchiveFault) {
        if record == .signature { return try dispatch(signature: pending.uint32(at: 0)) }
        let total = try record.totalLength(pending, at: recordOffset)
        if pending.count < total {
            wanted = total
            return
        }
        let complete = record
        try check(complete)
        // Checking a local header moves on to its data by itself; every other record is followed by a signature.
        if section != .done, record == complete { expectSignature() }
    }

    private mutating func expectSignature() {
        pending.removeAll(keepingCapacity: true)
        record = .signature
        wanted = 4
    }

    private mutating func gather(_ kind: RecordKind) {
        record = kind
        wanted = kind.fixedLength
    }

    /// Which records may come next depends on the section: entries, then central headers, then the end records.
    private mutating func dispatch(signature: UInt32) throws(ArchiveFault) {
        switch (section, signature) {
        case (.entries, ZipRecords.localHeaderSignature):
            gather(.localHeader)
        case (.entries, ZipRecords.centralHeaderSignature),
             (.entries, ZipRecords.zip64EndOfCentralDirectorySignature),
             (.entries, ZipRecords.endOfCentralDirectorySignature):
            section = .centralDirectory
            directory.offset = recordOffset
            try dispatch(signature: signature)
        case (.centralDirectory, ZipRecords.centralHeaderSignature):
            gather(.centralHeader)
        case (.centralDirectory, ZipRecords.zip64EndOfCentralDirectorySignature):
            try endCentralHeaders()
            gather(.zip64End)
        case (.centralDirectory, ZipRecords.endOfCentralDirectorySignature),
             (.afterLocator, ZipRecords.endOfCentralDirectorySignature):
            try endCentralHeaders()
            gather(.endOfCentralDirectory)
        case (.afterZip64End, ZipRecords.zip64EndLocatorSignature):
            gather(.zip64Locator)
        default:
            throw .unexpectedRecord(offset: recordOffset, expected: expectedRecords, found: signature)
        }
    }

    private var expectedRecords: String {
        switch section {
        case .entries: "a local header, central header or end record"
        case .centralDirectory: "a central header or end record"
        case .afterZip64End: "the ZIP64 end locator"
        case .afterLocator: "the end of central directory record"
        case .done: "nothing"
        }
    }

    private mutating func endCentralHeaders() throws(ArchiveFault) {
        guard directory.count == entries.count else {
            throw .entryCountMismatch(central: directory.count, local: entries.count)
        }
    }

    // MARK: Records

    private mutating func check(_ kind: RecordKind) throws(ArchiveFault) {
        switch kind {
        case .localHeader: try beginEntry()
        case .dataDescriptor: try checkDescriptor()
        case .centralHeader: try checkCentralHeader()
        case .zip64End:
            try EndRecords.checkZip64End(pending, directory)
            zip64EndOffset = recordOffset
            section = .afterZip64End
        case .zip64Locator:
            try EndRecords.checkLocator(pending, zip64EndOffset: zip64EndOffset ?? 0)
            section = .afterLocator
        case .endOfCentralDirectory:
            try EndRecords.checkEnd(pending, directory, afterZip64: zip64EndOffset != nil)
            section = .done
        case .signature: preconditionFailure("signatures are dispatched, not checked")
        }
    }

    private mutating func beginEntry() throws(ArchiveFault) {
        let entry = try LocalEntry(header: pending, at: recordOffset)
        entries.append(entry)
        expectSignature()
        crc = CRC32()
        dataRemaining = entry.size
        if entry.size == 0 { try endData() }
    }

    /// The entry's data is complete: its CRC-32 is checked here, or in the descriptor that follows.
    private mutating func endData() throws(ArchiveFault) {
        dataRemaining = nil
        entries[entries.count - 1].computedCRC = crc.value
        let entry = entries[entries.count - 1]
        if entry.hasDescriptor { return gather(.dataDescriptor(zip64: entry.isZip64)) }
        guard entry.recordedCRC == entry.computedCRC else {
            throw .dataCRCMismatch(name: entry.displayName, recorded: entry.recordedCRC, computed: entry.computedCRC)
        }
    }

    private func checkDescriptor() throws(ArchiveFault) {
        let entry = entries[entries.count - 1]
        guard pending.uint32(at: 0) == ZipRecords.dataDescriptorSignature else {
            throw .missingDataDescriptor(name: entry.displayName, offset: recordOffset)
        }
        let recordedCRC = pending.uint32(at: 4)
        guard recordedCRC == entry.computedCRC else {
            throw .dataCRCMismatch(name: entry.displayName, recorded: recordedCRC, computed: entry.computedCRC)
        }
        let sizes = entry.isZip64 ? [pending.uint64(at: 8), pending.uint64(at: 16)]
            : [UInt64(pending.uint32(at: 8)), UInt64(pending.uint32(at: 12))]
        for size in sizes where size != entry.size {
            throw .descriptorSizeMismatch(name: entry.displayName, recorded: size, actual: entry.size)
        }
    }

    private mutating func checkCentralHeader() throws(ArchiveFault) {
        let index = directory.count
        guard index < entries.count else { throw .entryCountMismatch(central: index + 1, local: entries.count) }
        try CentralHeader(header: pending, at: recordOffset).check(against: entries[index], index: index)
        directory.count += 1
        directory.size += UInt64(pending.count)
    }
}
