/// The central directory as the archive laid it out, against which the end records are checked.
struct CentralDirectoryFacts {
    var count: Int
    var offset: UInt64
    var size: UInt64
}

/// Checks of the ZIP64 end of central directory record, its locator, and the end of central directory record.
enum EndRecords {
    /// Past this, a ZIP64 end record's "extensible data" is taken for garbage rather than gathered.
    static let largestZip64Extension: UInt64 = 1 << 16

    /// Bytes of the ZIP64 end record past its fixed part, from its "size of the remaining record" field.
    static func zip64EndVariableLength(_ record: [UInt8], at offset: UInt64) throws(ArchiveFault) -> Int {
        let rest = record.uint64(at: 4)
        let fixedRest = UInt64(ZipRecords.zip64EndOfCentralDirectoryLength - 12)
        guard rest >= fixedRest, rest - fixedRest <= largestZip64Extension else {
            throw ArchiveFault.malformed(offset: offset, reason: "ZIP64 end record says its rest is \(rest) bytes")
        }
        return Int(rest - fixedRest)
    }

    static func checkZip64End(_ record: [UInt8], _ facts: CentralDirectoryFacts) throws(ArchiveFault) {
        try expect("ZIP64 entries on this disk", record.uint64(at: 24), UInt64(facts.count))
        try expect("ZIP64 total entries", record.uint64(at: 32), UInt64(facts.count))
        try expect("ZIP64 central directory size", record.uint64(at: 40), facts.size)
        try expect("ZIP64 central directory offset", record.uint64(at: 48), facts.offset)
    }

    static func checkLocator(_ record: [UInt8], zip64EndOffset: UInt64) throws(ArchiveFault) {
        try expect("ZIP64 end record offset", record.uint64(at: 8), zip64EndOffset)
    }

    /// With a ZIP64 end record a classic field may hold its all-ones value instead (it then means "see ZIP64").
    static func checkEnd(_ record: [UInt8], _ facts: CentralDirectoryFacts, afterZip64: Bool) throws(ArchiveFault) {
        let count = UInt64(facts.count)
        try expect("entries on this disk", UInt64(record.uint16(at: 8)), count, orMax: afterZip64 ? ZipRecords.max16 : nil)
        try expect("total entries", UInt64(record.uint16(at: 10)), count, orMax: afterZip64 ? ZipRecords.max16 : nil)
        try expect("central directory size", UInt64(record.uint32(at: 12)), facts.size,
                   orMax: afterZip64 ? ZipRecords.max32 : nil)
        try expect("central directory offset", UInt64(record.uint32(at: 16)), facts.offset,
                   orMax: afterZip64 ? ZipRecords.max32 : nil)
    }

    /// Bytes of the end record past its fixed part: the archive comment.
    static func endVariableLength(_ record: [UInt8]) -> Int { Int(record.uint16(at: 20)) }

    private static func expect(_ field: String, _ recorded: UInt64, _ actual: UInt64, orMax max: UInt64? = nil) throws(ArchiveFault) {
        guard recorded != actual, recorded != max else { return }
        throw ArchiveFault.endRecordMismatch(field: field, recorded: recorded, actual: actual)
    }
}
