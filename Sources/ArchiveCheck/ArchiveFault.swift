/// Why an archive is not a valid ZIP, as precisely as the validator can say it. Offsets are from the start of the
/// archive; entry names are decoded as UTF-8 for display only (comparisons are on the raw bytes).
public enum ArchiveFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// A record signature other than the ones allowed at this point.
    case unexpectedRecord(offset: UInt64, expected: String, found: UInt32)
    /// A header or extra field whose own lengths do not add up.
    case malformed(offset: UInt64, reason: String)
    /// An entry this validator cannot check (encrypted, compressed, or stored without a size).
    case unsupportedEntry(name: String, reason: String)
    /// The CRC-32 of an entry's data differs from the one recorded in its local header or data descriptor.
    case dataCRCMismatch(name: String, recorded: UInt32, computed: UInt32)
    /// A size in a data descriptor differs from the entry's data length.
    case descriptorSizeMismatch(name: String, recorded: UInt64, actual: UInt64)
    /// Bit 3 is set but no `PK\x07\x08` descriptor follows the data.
    case missingDataDescriptor(name: String, offset: UInt64)
    /// The central directory lists more or fewer entries than the archive holds.
    case entryCountMismatch(central: Int, local: Int)
    /// Central header `index` names other bytes than the local header at the same position.
    case nameMismatch(index: Int, central: String, local: String)
    /// A field of a central header differs from what the local header and the data said.
    case centralMismatch(name: String, field: String, central: UInt64, actual: UInt64)
    /// A field of the end records (ZIP64 end, locator, end of central directory) differs from the archive.
    case endRecordMismatch(field: String, recorded: UInt64, actual: UInt64)
    /// The stream ended inside a record or entry, or before the end of central directory.
    case truncated(offset: UInt64, inside: String)
    /// Bytes follow the end of central directory.
    case trailingBytes(offset: UInt64)
    /// The archive's length differs from the announced one (`Content-Length`).
    case lengthMismatch(expected: UInt64, actual: UInt64)

    public var description: String {
        switch self {
        case .unexpectedRecord(let offset, let expected, let found):
            return "at \(offset): expected \(expected), found signature 0x\(String(found, radix: 16))"
        case .malformed(let offset, let reason): return "at \(offset): malformed record: \(reason)"
        case .unsupportedEntry(let name, let reason): return "\(name): cannot be checked: \(reason)"
        case .dataCRCMismatch(let name, let recorded, let computed):
            return "\(name): CRC-32 of the data is \(hex(computed)), recorded \(hex(recorded))"
        case .descriptorSizeMismatch(let name, let recorded, let actual):
            return "\(name): data descriptor says \(recorded) bytes, the data has \(actual)"
        case .missingDataDescriptor(let name, let offset): return "\(name): no data descriptor at \(offset)"
        case .entryCountMismatch(let central, let local):
            return "central directory lists \(central) entries, the archive holds \(local)"
        case .nameMismatch(let index, let central, let local):
            return "entry \(index): central name \"\(central)\" differs from local name \"\(local)\""
        case .centralMismatch(let name, let field, let central, let actual):
            return "\(name): central \(field) is \(central), the entry has \(actual)"
        case .endRecordMismatch(let field, let recorded, let actual):
            return "end records: \(field) is \(recorded), the archive has \(actual)"
        case .truncated(let offset, let inside): return "ends at \(offset) inside \(inside)"
        case .trailingBytes(let offset): return "bytes after the end of central directory, from \(offset)"
        case .lengthMismatch(let expected, let actual): return "length \(actual), announced \(expected)"
        }
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
