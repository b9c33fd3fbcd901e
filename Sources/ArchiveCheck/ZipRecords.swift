/// The ZIP record signatures and fixed lengths (PKWARE APPNOTE.TXT 6.3) the validator reads.
///
/// Kept apart from ZipStream's own constants on purpose: the validator checks the writer, so it must not take
/// the writer's word for the format.
enum ZipRecords {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let dataDescriptorSignature: UInt32 = 0x0807_4B50
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndOfCentralDirectorySignature: UInt32 = 0x0606_4B50
    static let zip64EndLocatorSignature: UInt32 = 0x0706_4B50

    static let localHeaderFixedLength = 30
    static let centralHeaderFixedLength = 46
    static let endOfCentralDirectoryLength = 22
    /// The fixed part of the ZIP64 end record (signature and "size of the rest" included).
    static let zip64EndOfCentralDirectoryLength = 56
    static let zip64EndLocatorLength = 20
    static let dataDescriptorLength = 16
    static let zip64DataDescriptorLength = 24

    /// A 32-bit field at this value means "see the ZIP64 extra field".
    static let max32: UInt64 = 0xFFFF_FFFF
    static let max16: UInt64 = 0xFFFF

    static let zip64ExtraID: UInt16 = 0x0001
    /// Bit 3: CRC-32 and sizes follow the data in a data descriptor.
    static let flagDataDescriptor: UInt16 = 1 << 3
    /// Bit 0: encrypted, which this validator cannot check.
    static let flagEncrypted: UInt16 = 1 << 0
    static let methodStored: UInt16 = 0
}
