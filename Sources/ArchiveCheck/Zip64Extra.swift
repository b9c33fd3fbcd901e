/// The ZIP64 extended information extra field (id 0x0001, APPNOTE 4.5.3) of a local or central header.
///
/// Its 64-bit values appear in a fixed order — uncompressed size, compressed size, local header offset — but only
/// for the header fields whose 32-bit slots hold 0xFFFFFFFF; `next` hands them out in that order.
struct Zip64Extra {
    private let data: ArraySlice<UInt8>
    private var cursor: Int
    private let headerOffset: UInt64

    /// The ZIP64 extra among `extras` (the extra fields of the header at `headerOffset`), or nil when absent.
    /// Throws when the fields' own lengths overrun the extra area.
    init?(in extras: ArraySlice<UInt8>, headerOffset: UInt64) throws(ArchiveFault) {
        var index = extras.startIndex
        while index < extras.endIndex {
            guard extras.endIndex - index >= 4 else {
                throw ArchiveFault.malformed(offset: headerOffset, reason: "extra field header cut short")
            }
            let id = UInt16(extras[index]) | UInt16(extras[index + 1]) << 8
            let length = Int(extras[index + 2]) | Int(extras[index + 3]) << 8
            let start = index + 4
            guard extras.endIndex - start >= length else {
                throw ArchiveFault.malformed(offset: headerOffset, reason: "extra field 0x\(String(id, radix: 16)) overruns")
            }
            if id == ZipRecords.zip64ExtraID {
                data = extras[start..<(start + length)]
                cursor = start
                self.headerOffset = headerOffset
                return
            }
            index = start + length
        }
        return nil
    }

    /// The next 64-bit value, for a header field `named` whose 32-bit slot said 0xFFFFFFFF.
    mutating func next(_ named: String) throws(ArchiveFault) -> UInt64 {
        guard data.endIndex - cursor >= 8 else {
            throw ArchiveFault.malformed(offset: headerOffset, reason: "ZIP64 extra lacks the \(named)")
        }
        var value: UInt64 = 0
        for index in (cursor..<(cursor + 8)).reversed() { value = value << 8 | UInt64(data[index]) }
        cursor += 8
        return value
    }

    /// `slot` itself, or the next ZIP64 value when `slot` is 0xFFFFFFFF (and this extra exists).
    static func resolve(_ slot: UInt32, _ named: String, from extra: inout Zip64Extra?, headerOffset: UInt64)
        throws(ArchiveFault)
        -> UInt64
    {
        guard UInt64(slot) == ZipRecords.max32 else { return UInt64(slot) }
        guard extra != nil else {
            throw ArchiveFault.malformed(offset: headerOffset, reason: "\(named) is 0xFFFFFFFF without a ZIP64 extra")
        }
        return try extra!.next(named)
    }
}
