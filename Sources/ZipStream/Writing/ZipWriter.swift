import NIOCore

/// Streams a planned archive, entry by entry, to an async sink.
///
/// Backpressure is the sink's: the writer awaits each `sink` call before reading more from a source, so a slow
/// client slows the reads and memory stays bounded by the sources' chunk sizes plus one 64 KiB gathering buffer.
/// Every entry's byte count is checked against the plan: a source that is one byte short or long makes the write
/// throw, never finish an archive that looks complete but is not.
public struct ZipWriter<Source: ZipEntrySource>: Sendable {
    public let plan: ZipPlan
    public let source: Source

    public init(plan: ZipPlan, source: Source) {
        self.plan = plan
        self.source = source
    }

    /// Writes the whole archive. `computed` hears each entry's CRC-32 as soon as it has been computed from the whole
    /// entry, so a caller can keep the CRCs of the entries that were sent even if the write fails later.
    @discardableResult
    public func write(to sink: (ByteBuffer) async throws -> Void,
                      computed: @escaping @Sendable (_ index: Int, _ crc32: UInt32) -> Void = { _, _ in })
        async throws -> ZipWriteSummary {
        try await write(range: 0..<(plan.length ?? .max), knownCRCs: [:], to: sink, computed: computed)
    }

    /// Writes bytes `range` of a stored plan, exactly the same bytes as that slice of the whole archive.
    ///
    /// Entries wholly before the range are not read; their CRC-32s are needed only when the range reaches the
    /// central directory, from the plan or from `knownCRCs` (by plan index). An entry that straddles the start is
    /// read from its beginning when its CRC-32 is needed and unknown, and from the range start otherwise.
    @discardableResult
    public func write(range: Range<UInt64>, knownCRCs: [Int: UInt32], to sink: (ByteBuffer) async throws -> Void,
                      computed: @escaping @Sendable (_ index: Int, _ crc32: UInt32) -> Void = { _, _ in })
        async throws -> ZipWriteSummary {
        try validate(range)
        var run = WriteRun(plan: plan, source: source, knownCRCs: knownCRCs, output: RangedOutput(range: range),
                           computed: computed)
        try await run.writeArchive(to: sink)
        return run.summary
    }

    private func validate(_ range: Range<UInt64>) throws {
        if range == 0..<(plan.length ?? .max) { return }
        guard let length = plan.length else { throw ZipStreamError.rangeNeedsStoredPlan }
        guard range.upperBound <= length else {
            throw ZipStreamError.invalidRange(lower: range.lowerBound, upper: range.upperBound, length: length)
        }
    }
}

/// One pass of the writer over the plan: the mutable state of a single `write` call.
private struct WriteRun<Source: ZipEntrySource> {
    let plan: ZipPlan
    let source: Source
    let knownCRCs: [Int: UInt32]
    var output: RangedOutput
    /// Each entry's CRC-32 as written, by plan index: with the plan's records, all the central directory needs
    /// for a stored plan, so it is made from them at the end rather than kept entry by entry.
    var crcs: [UInt32]
    /// Whether each entry's CRC-32 was computed here (rather than known before).
    var computedCRC: [Bool]
    /// Where the entries the plan could not place (from the first deflated one on) went, and how long their data
    /// turned out, in plan order from `plan.placedCount`.
    var unplaced: [(offset: UInt64, compressedSize: UInt64)] = []
    let computed: @Sendable (Int, UInt32) -> Void

    init(plan: ZipPlan, source: Source, knownCRCs: [Int: UInt32], output: RangedOutput,
         computed: @escaping @Sendable (Int, UInt32) -> Void) {
        self.computed = computed
        self.plan = plan
        self.source = source
        self.knownCRCs = knownCRCs
        self.output = output
        crcs = Array(repeating: 0, count: plan.records.count)
        computedCRC = Array(repeating: false, count: plan.records.count)
    }

    /// Where the central directory starts: known for stored plans; for deflated ones only once reached,
    /// and then every range is the whole archive, so it always overlaps.
    var centralDirectorySpan: Range<UInt64> {
        guard let start = plan.centralDirectoryOffset, let end = plan.length else { return 0..<UInt64.max }
        return start..<end
    }

    var summary: ZipWriteSummary {
        ZipWriteSummary(bytesWritten: output.bytesWritten, crcs: crcs, computed: computedCRC)
    }

    mutating func writeArchive(to sink: (ByteBuffer) async throws -> Void) async throws {
        for index in plan.records.indices {
            try await writeEntry(index, to: sink)
            if output.isFinished { return try await output.flush(to: sink) }
        }
        try await writeCentralDirectory(to: sink)
        try await output.flush(to: sink)
    }

    // MARK: Entries

    mutating func writeEntry(_ index: Int, to sink: (ByteBuffer) async throws -> Void) async throws {
        let record = plan.records[index]
        let layout = plan.layout(of: index, at: output.position)
        // The plan announced this offset (in the archive's length, in a range's bytes): writing elsewhere would
        // make an archive that looks whole and is not, so a release build refuses it too.
        guard index >= plan.placedCount || record.offset == layout.offset else {
            throw ZipStreamError.strayedFromPlan(at: layout.offset, planned: record.offset)
        }

        if output.overlaps(layout.offset..<layout.dataOffset) {
            let name = plan.name(of: index)
            try await output.writeRecord(length: layout.localHeaderLength, to: sink) {
                HeaderEncoder.writeLocalHeader(layout, entry: record, name: name, into: &$0)
            }
        } else {
            output.skip(UInt64(layout.localHeaderLength))
        }

        let entry = plan.entries[index]
        let result = record.isDeflated
            ? try await writeDeflated(index, entry, to: sink)
            : try await writeStored(index, entry, layout, to: sink)
        crcs[index] = result.crc32
        if index >= plan.placedCount { unplaced.append((layout.offset, result.compressedSize)) }

        if layout.hasDescriptor {
            let span = output.position..<(output.position + UInt64(layout.descriptorLength))
            if output.overlaps(span) {
                try await output.writeRecord(length: layout.descriptorLength, to: sink) {
                    HeaderEncoder.writeDataDescriptor(layout, result, into: &$0)
                }
            } else {
                output.skip(UInt64(layout.descriptorLength))
            }
        }
    }

    /// Stored data: passed through untouched, its CRC-32 computed when it is not known and some byte in the
    /// range (the descriptor, the central directory) needs it, and checked when it is known and the whole entry is
    /// read: a known CRC comes from a cache or the storage, and the file may have changed since; the header has
    /// already announced it, so a mismatch must fail the archive rather than finish one every reader rejects.
    mutating func writeStored(_ index: Int, _ entry: ZipEntry, _ layout: EntryLayout,
                              to sink: (ByteBuffer) async throws -> Void) async throws -> HeaderEncoder.Result {
        let dataSpan = layout.dataOffset..<(layout.dataOffset + entry.size)
        let entryEnd = dataSpan.upperBound + UInt64(layout.descriptorLength)
        let known = entry.crc32 ?? knownCRCs[index]
        let crcWanted = (layout.hasDescriptor && output.overlaps(dataSpan.upperBound..<entryEnd))
            || output.overlaps(centralDirectorySpan)
        var result = HeaderEncoder.Result(crc32: known ?? 0, compressedSize: entry.size, uncompressedSize: entry.size)

        let mustCompute = crcWanted && known == nil
        if mustCompute, entryEnd <= output.range.lowerBound {
            // Reading a whole earlier entry again to learn its checksum is the caller's call, not ours.
            throw ZipStreamError.missingCRC(name: entry.name)
        }
        guard mustCompute || output.overlaps(dataSpan), entry.size > 0 else {
            output.skip(entry.size)
            return result
        }
        let start = mustCompute ? 0 : max(output.range.lowerBound, dataSpan.lowerBound) - dataSpan.lowerBound
        let mustCheck = known != nil && start == 0
        output.skip(start)
        var crc = CRC32()
        var count = start
        for try await chunk in try await source.bytes(of: entry, at: index, from: start) {
            count += UInt64(chunk.readableBytes)
            guard count <= entry.size else { throw ZipStreamError.entryTooLong(name: entry.name, expected: entry.size) }
            if mustCompute || mustCheck { crc.update(chunk) }
            try await output.write(chunk, to: sink)
            if output.isFinished, !mustCompute { return result }
        }
        guard count == entry.size else {
            throw ZipStreamError.entryTooShort(name: entry.name, expected: entry.size, actual: count)
        }
        if let known, mustCheck, crc.value != known {
            throw ZipStreamError.crcMismatch(name: entry.name, expected: known, actual: crc.value)
        }
        if mustCompute {
            result.crc32 = crc.value
            computedCRC[index] = true
            computed(index, crc.value)
        }
        return result
    }

    /// Deflated data: compressed as it arrives; sizes and CRC-32 go to the descriptor.
    mutating func writeDeflated(_ index: Int, _ entry: ZipEntry,
                                to sink: (ByteBuffer) async throws -> Void) async throws -> HeaderEncoder.Result {
        guard case .deflated(let level) = entry.method else { preconditionFailure("not a deflated entry") }
        let deflater: Deflater
        do { deflater = try Deflater(level: level) } catch {
            throw ZipStreamError.deflateFailed(name: entry.name, code: error.code)
        }
        var crc = CRC32()
        var count: UInt64 = 0
        var compressed: UInt64 = 0
        for try await chunk in try await source.bytes(of: entry, at: index, from: 0) {
            count += UInt64(chunk.readableBytes)
            guard count <= entry.size else { throw ZipStreamError.entryTooLong(name: entry.name, expected: entry.size) }
            crc.update(chunk)
            compressed += try await writeAll(try deflate(deflater, chunk, finish: false, entry), to: sink)
        }
        guard count == entry.size else {
            throw ZipStreamError.entryTooShort(name: entry.name, expected: entry.size, actual: count)
        }
        compressed += try await writeAll(try deflate(deflater, ByteBuffer(), finish: true, entry), to: sink)
        computedCRC[index] = true
        computed(index, crc.value)
        return HeaderEncoder.Result(crc32: crc.value, compressedSize: compressed, uncompressedSize: entry.size)
    }

    /// Writes `chunks` and returns how many bytes they held.
    private mutating func writeAll(_ chunks: [ByteBuffer], to sink: (ByteBuffer) async throws -> Void) async throws
        -> UInt64
    {
        var total: UInt64 = 0
        for chunk in chunks {
            total += UInt64(chunk.readableBytes)
            try await output.write(chunk, to: sink)
        }
        return total
    }

    private func deflate(_ deflater: Deflater, _ chunk: ByteBuffer, finish: Bool, _ entry: ZipEntry) throws
        -> [ByteBuffer]
    {
        do { return try deflater.deflate(chunk, finish: finish) } catch {
            throw ZipStreamError.deflateFailed(name: entry.name, code: error.code)
        }
    }

    // MARK: Central directory

    /// The central headers, made from the plan's records and what the writer learnt: CRC-32s, and where unplaced
    /// entries went.
    mutating func writeCentralDirectory(to sink: (ByteBuffer) async throws -> Void) async throws {
        let start = output.position
        var size: UInt64 = 0
        var buffer = ByteBuffer()
        for index in plan.records.indices {
            let record = plan.records[index]
            let (offset, compressedSize) = index < plan.placedCount
                ? (record.offset, record.size) : unplaced[index - plan.placedCount]
            let layout = plan.layout(of: index, at: offset)
            let result = HeaderEncoder.Result(crc32: crcs[index], compressedSize: compressedSize,
                                              uncompressedSize: record.size)
            HeaderEncoder.writeCentralHeader(layout, entry: record, name: plan.name(of: index), result, into: &buffer)
            size += UInt64(layout.centralHeaderLength)
            if buffer.readableBytes >= RangedOutput.coalescingLimit {
                try await output.write(buffer, to: sink)
                buffer.clear()
            }
        }
        let directory = CentralDirectoryLayout(count: plan.records.count, offset: start, size: size)
        if let planned = plan.centralDirectory, planned.offset != start || planned.size != size {
            throw ZipStreamError.strayedFromPlan(at: start + size, planned: planned.offset + planned.size)
        }
        HeaderEncoder.writeEndRecords(directory, into: &buffer)
        try await output.write(buffer, to: sink)
    }
}
