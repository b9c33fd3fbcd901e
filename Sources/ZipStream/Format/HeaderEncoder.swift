import NIOCore

/// Writes the ZIP records (little-endian, APPNOTE 4.3) into a `ByteBuffer`.
///
/// The byte counts written here must equal the lengths `EntryLayout` and `CentralDirectoryLayout` plan with;
/// the writer checks it.
struct HeaderEncoder {
    /// The values only known once the data has been written (or known in advance, for a cached CRC).
    struct Result: Sendable {
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
    }

    static func writeLocalHeader(_ layout: EntryLayout, entry: PlannedEntry, name: ArraySlice<UInt8>,
                                 into buffer: inout ByteBuffer) {
        buffer.writeLE(ZipFormat.localHeaderSignature)
        buffer.writeLE(layout.versionNeeded)
        buffer.writeLE(layout.flags)
        buffer.writeLE(layout.method)
        writeDOSTime(entry.modified, into: &buffer)
        // With a descriptor the CRC is not known yet: zero here, the real one in the descriptor.
        buffer.writeLE(layout.hasDescriptor ? 0 : entry.crc32)
        let compressed = layout.plannedCompressedSize ?? 0
        let uncompressed = layout.plannedCompressedSize == nil ? 0 : entry.size
        if layout.isZip64 {
            // 0xFFFFFFFF (never 0) sends every reader to the ZIP64 extra, which comes first among the extras:
            // some readers (older Java, libarchive) only look at the first one.
            buffer.writeLE(UInt32.max)
            buffer.writeLE(UInt32.max)
        } else {
            // Stored entries keep their sizes here even with a descriptor: a streaming reader cannot find the end
            // of stored data any other way. Deflated ones have none yet (the stream marks its own end).
            buffer.writeLE(UInt32(compressed))
            buffer.writeLE(UInt32(uncompressed))
        }
        buffer.writeLE(UInt16(name.count))
        buffer.writeLE(UInt16(layout.localExtraLength))
        buffer.writeBytes(name)
        if layout.isZip64 {
            buffer.writeLE(ZipFormat.zip64ExtraID)
            buffer.writeLE(UInt16(16))
            buffer.writeLE(uncompressed)
            buffer.writeLE(compressed)
        }
        writeExtendedTimestamp(entry.modified, into: &buffer)
        if layout.localPaddingExtraLength > 0 {
            writePadding(length: layout.localPaddingExtraLength, into: &buffer)
        }
    }

    /// Android's alignment extra (0xD935: a 16-bit alignment, then zeros) as pure padding: alignment 1 asks
    /// nothing of the data's position. See `EntryLayout.localPaddingExtraLength` for why it is there.
    private static func writePadding(length: Int, into buffer: inout ByteBuffer) {
        buffer.writeLE(ZipFormat.alignmentExtraID)
        buffer.writeLE(UInt16(length - 4))
        buffer.writeLE(UInt16(1))
        buffer.writeRepeatingByte(0, count: length - 6)
    }

    static func writeDataDescriptor(_ layout: EntryLayout, _ result: Result, into buffer: inout ByteBuffer) {
        // The signature is optional by APPNOTE 4.3.9.3 but written always: readers that scan for it (Java's
        // ZipInputStream, libarchive) misread descriptors without it when a CRC happens to look like one.
        buffer.writeLE(ZipFormat.dataDescriptorSignature)
        buffer.writeLE(result.crc32)
        if layout.isZip64 {
            buffer.writeLE(result.compressedSize)
            buffer.writeLE(result.uncompressedSize)
        } else {
            buffer.writeLE(UInt32(result.compressedSize))
            buffer.writeLE(UInt32(result.uncompressedSize))
        }
    }

    static func writeCentralHeader(_ layout: EntryLayout, entry: PlannedEntry, name: ArraySlice<UInt8>,
                                   _ result: Result, into buffer: inout ByteBuffer) {
        buffer.writeLE(ZipFormat.centralHeaderSignature)
        buffer.writeLE(ZipFormat.versionMadeBy)
        buffer.writeLE(layout.versionNeeded)
        buffer.writeLE(layout.flags)
        buffer.writeLE(layout.method)
        writeDOSTime(entry.modified, into: &buffer)
        buffer.writeLE(result.crc32)
        buffer.writeLE(layout.isZip64 ? UInt32.max : UInt32(result.compressedSize))
        buffer.writeLE(layout.isZip64 ? UInt32.max : UInt32(result.uncompressedSize))
        buffer.writeLE(UInt16(name.count))
        buffer.writeLE(UInt16(layout.centralZip64ExtraLength + ZipFormat.extendedTimestampLength))
        buffer.writeLE(UInt16(0))  // comment length
        buffer.writeLE(UInt16(0))  // disk number start
        buffer.writeLE(UInt16(0))  // internal attributes
        buffer.writeLE(entry.isFile ? ZipFormat.fileAttributes : ZipFormat.directoryAttributes)
        buffer.writeLE(layout.needsZip64Offset ? UInt32.max : UInt32(layout.offset))
        buffer.writeBytes(name)
        if layout.isZip64 {
            // APPNOTE 4.5.3: only the fields whose 32-bit slots hold 0xFFFFFFFF, in this order.
            buffer.writeLE(ZipFormat.zip64ExtraID)
            buffer.writeLE(UInt16(layout.centralZip64ExtraLength - 4))
            buffer.writeLE(result.uncompressedSize)
            buffer.writeLE(result.compressedSize)
            if layout.needsZip64Offset { buffer.writeLE(layout.offset) }
        }
        writeExtendedTimestamp(entry.modified, into: &buffer)
    }

    static func writeEndRecords(_ directory: CentralDirectoryLayout, into buffer: inout ByteBuffer) {
        var count = UInt64(directory.count), size = directory.size, offset = directory.offset
        if directory.needsZip64End {
            let zip64EndOffset = directory.offset + directory.size
            buffer.writeLE(ZipFormat.zip64EndOfCentralDirectorySignature)
            buffer.writeLE(UInt64(ZipFormat.zip64EndOfCentralDirectoryLength - 12))  // size of the rest
            buffer.writeLE(ZipFormat.versionMadeBy)
            buffer.writeLE(ZipFormat.versionZip64)
            buffer.writeLE(UInt32(0))  // this disk
            buffer.writeLE(UInt32(0))  // disk with the central directory
            buffer.writeLE(count)      // entries on this disk
            buffer.writeLE(count)      // entries in all
            buffer.writeLE(size)
            buffer.writeLE(offset)
            buffer.writeLE(ZipFormat.zip64EndLocatorSignature)
            buffer.writeLE(UInt32(0))  // disk with the ZIP64 end record
            buffer.writeLE(zip64EndOffset)
            buffer.writeLE(UInt32(1))  // disks in all
            // As Go's archive/zip: every classic field at its maximum, so no reader trusts one of them.
            count = ZipFormat.max16
            size = ZipFormat.max32
            offset = ZipFormat.max32
        }
        buffer.writeLE(ZipFormat.endOfCentralDirectorySignature)
        buffer.writeLE(UInt16(0))  // this disk
        buffer.writeLE(UInt16(0))  // disk with the central directory
        buffer.writeLE(UInt16(count))
        buffer.writeLE(UInt16(count))
        buffer.writeLE(UInt32(size))
        buffer.writeLE(UInt32(offset))
        buffer.writeLE(UInt16(0))  // comment length
    }

    private static func writeDOSTime(_ unixTime: Int64, into buffer: inout ByteBuffer) {
        let dos = DOSTime(unixTime: unixTime)
        buffer.writeLE(dos.time)
        buffer.writeLE(dos.date)
    }

    /// The 0x5455 extra with the modification time only (flag bit 0), in UTC seconds. Info-ZIP reads the
    /// field as signed 32-bit, so times outside 1901...2038 are clamped.
    private static func writeExtendedTimestamp(_ unixTime: Int64, into buffer: inout ByteBuffer) {
        buffer.writeLE(ZipFormat.extendedTimestampID)
        buffer.writeLE(UInt16(5))
        buffer.writeInteger(UInt8(1))
        let clamped = Int32(clamping: unixTime)
        buffer.writeLE(UInt32(bitPattern: clamped))
    }
}

extension ByteBuffer {
    /// ZIP is little-endian throughout.
    fileprivate mutating func writeLE<T: FixedWidthInteger>(_ value: T) {
        writeInteger(value, endianness: .little)
    }
}
