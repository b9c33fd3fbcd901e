/// One central directory header, with its ZIP64 values resolved, checked against the entry it describes.
struct CentralHeader {
    let name: ArraySlice<UInt8>
    let flags: UInt16
    let method: UInt16
    let crc: UInt32
    let compressedSize: UInt64
    let uncompressedSize: UInt64
    let localHeaderOffset: UInt64

    /// Bytes of the header past its fixed part, read from the fixed part.
    static func variableLength(_ header: [UInt8]) -> Int {
        Int(header.uint16(at: 28)) + Int(header.uint16(at: 30)) + Int(header.uint16(at: 32))
    }

    /// Parses the complete central header `header` found at `offset`.
    init(header: [UInt8], at offset: UInt64) throws(ArchiveFault) {
        let nameLength = Int(header.uint16(at: 28)), extraLength = Int(header.uint16(at: 30))
        let nameStart = ZipRecords.centralHeaderFixedLength
        name = header[nameStart..<(nameStart + nameLength)]
        flags = header.uint16(at: 8)
        method = header.uint16(at: 10)
        crc = header.uint32(at: 16)
        let extras = header[(nameStart + nameLength)..<(nameStart + nameLength + extraLength)]
        var zip64 = try Zip64Extra(in: extras, headerOffset: offset)
        // APPNOTE 4.5.3's order: uncompressed size, compressed size, local header offset.
        uncompressedSize = try Zip64Extra.resolve(header.uint32(at: 24), "uncompressed size", from: &zip64,
                                                  headerOffset: offset)
        compressedSize = try Zip64Extra.resolve(header.uint32(at: 20), "compressed size", from: &zip64,
                                                headerOffset: offset)
        localHeaderOffset = try Zip64Extra.resolve(header.uint32(at: 42), "local header offset", from: &zip64,
                                                   headerOffset: offset)
    }

    /// Throws the first field in which this header and entry `index`, as the archive showed it, disagree.
    func check(against entry: LocalEntry, index: Int) throws(ArchiveFault) {
        guard name.elementsEqual(entry.name) else {
            throw ArchiveFault.nameMismatch(index: index, central: String(decoding: name, as: UTF8.self),
                                            local: entry.displayName)
        }
        let fields: [(String, UInt64, UInt64)] = [
            ("CRC-32", UInt64(crc), UInt64(entry.computedCRC)),
            ("compressed size", compressedSize, entry.size),
            ("uncompressed size", uncompressedSize, entry.size),
            ("local header offset", localHeaderOffset, entry.offset),
            ("flags", UInt64(flags), UInt64(entry.flags)),
            ("method", UInt64(method), UInt64(entry.method)),
        ]
        for (field, central, actual) in fields where central != actual {
            throw ArchiveFault.centralMismatch(name: entry.displayName, field: field, central: central, actual: actual)
        }
    }
}
