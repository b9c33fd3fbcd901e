extension Array where Element == UInt8 {
    /// The little-endian integer at `offset` (ZIP is little-endian throughout). The caller has checked the length.
    func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, at offset: Int) -> T {
        var value: T = 0
        for index in (0..<MemoryLayout<T>.size).reversed() {
            value = value << 8 | T(self[offset + index])
        }
        return value
    }

    func uint16(at offset: Int) -> UInt16 { littleEndian(UInt16.self, at: offset) }
    func uint32(at offset: Int) -> UInt32 { littleEndian(UInt32.self, at: offset) }
    func uint64(at offset: Int) -> UInt64 { littleEndian(UInt64.self, at: offset) }
}
