/// One entry as its local header announced it and its data turned out.
struct LocalEntry: Sendable {
    /// The name's raw bytes, compared byte for byte with the central header's.
    let name: [UInt8]
    /// Offset of the local header.
    let offset: UInt64
    let flags: UInt16
    let method: UInt16
    /// The CRC-32 in the local header (0 for bit-3 entries, whose descriptor carries it).
    let recordedCRC: UInt32
    /// The data length (stored: compressed and uncompressed sizes are the same).
    let size: UInt64
    /// Whether the local header carries a ZIP64 extra: readers then expect a 24-byte data descriptor.
    let isZip64: Bool
    /// The CRC-32 computed over the data, once it has all been seen.
    var computedCRC: UInt32 = 0

    var hasDescriptor: Bool { flags & ZipRecords.flagDataDescriptor != 0 }
    var descriptorLength: Int { isZip64 ? ZipRecords.zip64DataDescriptorLength : ZipRecords.dataDescriptorLength }
    /// The name for messages (invalid UTF-8 shown with replacement characters).
    var displayName: String { String(decoding: name, as: UTF8.self) }

    /// Bytes of the header past its fixed part, read from the fixed part.
    static func variableLength(_ header: [UInt8]) -> Int {
        Int(header.uint16(at: 26)) + Int(header.uint16(at: 28))
    }

    /// Parses the complete local header `header` found at `offset`. Only stored, unencrypted entries can be
    /// checked; a bit-3 entry must still carry its size in the local header (as Info-ZIP and our writer do), since
    /// nothing else marks where stored data ends — a size of 0 there is read as an empty entry.
    init(header: [UInt8], at offset: UInt64) throws(ArchiveFault) {
        let nameLength = Int(header.uint16(at: 26))
        let nameStart = ZipRecords.localHeaderFixedLength
        name = Array(header[nameStart..<(nameStart + nameLength)])
        self.offset = offset
        flags = header.uint16(at: 6)
        method = header.uint16(at: 8)
        recordedCRC = header.uint32(at: 14)
        var zip64 = try Zip64Extra(in: header[(nameStart + nameLength)...], headerOffset: offset)
        isZip64 = zip64 != nil
        let uncompressed = try Zip64Extra.resolve(header.uint32(at: 22), "uncompressed size", from: &zip64,
                                                  headerOffset: offset)
        let compressed = try Zip64Extra.resolve(header.uint32(at: 18), "compressed size", from: &zip64,
                                                headerOffset: offset)
        size = compressed
        let displayName = String(decoding: name, as: UTF8.self)
        if flags & ZipRecords.flagEncrypted != 0 {
            throw ArchiveFault.unsupportedEntry(name: displayName, reason: "encrypted")
        }
        guard method == ZipRecords.methodStored else {
            throw ArchiveFault.unsupportedEntry(name: displayName, reason: "compression method \(method)")
        }
        guard compressed == uncompressed else {
            throw ArchiveFault.malformed(offset: offset, reason: "stored entry with compressed size \(compressed) "
                                         + "and uncompressed size \(uncompressed)")
        }
    }
}
