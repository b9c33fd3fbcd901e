/// The records the validator gathers whole before checking them, each after its 4-byte signature.
enum RecordKind: Equatable {
    case signature
    case localHeader
    case dataDescriptor(zip64: Bool)
    case centralHeader
    case zip64End
    case zip64Locator
    case endOfCentralDirectory

    /// The length of the record's fixed part, signature included.
    var fixedLength: Int {
        switch self {
        case .signature: 4
        case .localHeader: ZipRecords.localHeaderFixedLength
        case .dataDescriptor(let zip64): zip64 ? ZipRecords.zip64DataDescriptorLength : ZipRecords.dataDescriptorLength
        case .centralHeader: ZipRecords.centralHeaderFixedLength
        case .zip64End: ZipRecords.zip64EndOfCentralDirectoryLength
        case .zip64Locator: ZipRecords.zip64EndLocatorLength
        case .endOfCentralDirectory: ZipRecords.endOfCentralDirectoryLength
        }
    }

    /// The whole record's length, read from its complete fixed part `record` found at `offset`.
    func totalLength(_ record: [UInt8], at offset: UInt64) throws(ArchiveFault) -> Int {
        switch self {
        case .localHeader: fixedLength + LocalEntry.variableLength(record)
        case .centralHeader: fixedLength + CentralHeader.variableLength(record)
        case .zip64End: fixedLength + (try EndRecords.zip64EndVariableLength(record, at: offset))
        case .endOfCentralDirectory: fixedLength + EndRecords.endVariableLength(record)
        case .signature, .dataDescriptor, .zip64Locator: fixedLength
        }
    }

    /// What a stream that ends inside this record was cut in, for `ArchiveFault.truncated`.
    var description: String {
        switch self {
        case .signature: "the next record's signature"
        case .localHeader: "a local header"
        case .dataDescriptor: "a data descriptor"
        case .centralHeader: "a central directory header"
        case .zip64End: "the ZIP64 end of central directory record"
        case .zip64Locator: "the ZIP64 end of central directory locator"
        case .endOfCentralDirectory: "the end of central directory record"
        }
    }
}
