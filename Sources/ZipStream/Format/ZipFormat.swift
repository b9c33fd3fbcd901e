/// The numbers of the ZIP format (PKWARE APPNOTE.TXT 6.3.x) that this writer uses.
enum ZipFormat {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    /// Optional by the spec, but always written: Java's ZipInputStream and some others look for it.
    static let dataDescriptorSignature: UInt32 = 0x0807_4B50
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndOfCentralDirectorySignature: UInt32 = 0x0606_4B50
    static let zip64EndLocatorSignature: UInt32 = 0x0706_4B50

    static let localHeaderFixedLength = 30
    static let centralHeaderFixedLength = 46
    static let endOfCentralDirectoryLength = 22
    static let zip64EndOfCentralDirectoryLength = 56
    static let zip64EndLocatorLength = 20
    /// Signature, CRC-32, 32-bit compressed and uncompressed sizes.
    static let dataDescriptorLength = 16
    /// Signature, CRC-32, 64-bit compressed and uncompressed sizes.
    static let zip64DataDescriptorLength = 24

    /// A 32-bit size or offset field at this value means "see the ZIP64 extra field"; so the value itself can
    /// never be stored in 32 bits, which is why every threshold below is "≥", not ">".
    static let max32: UInt64 = 0xFFFF_FFFF
    /// Likewise for the 16-bit entry counts of the end record.
    static let max16: UInt64 = 0xFFFF

    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8

    /// Bit 3: CRC-32 and sizes follow the data in a data descriptor.
    static let flagDataDescriptor: UInt16 = 1 << 3
    /// Bit 11 (EFS): the name is UTF-8.
    static let flagUTF8: UInt16 = 1 << 11

    /// APPNOTE 4.4.3.2: 1.0 for stored data and directories, 2.0 for deflate, 4.5 for ZIP64.
    static let versionStored: UInt16 = 10
    static let versionDeflated: UInt16 = 20
    static let versionZip64: UInt16 = 45
    /// "Version made by": host 3 (Unix) in the high byte, so readers honour the Unix mode in the external
    /// attributes; spec version 6.3 in the low byte.
    static let versionMadeBy: UInt16 = (3 << 8) | 63

    /// Unix mode in the high 16 bits of the external attributes: S_IFREG|0644 for files; S_IFDIR|0755 plus the
    /// MS-DOS directory bit (0x10) for directories. Never mode 0: Info-ZIP then extracts files unreadable.
    static let fileAttributes: UInt32 = 0o100644 << 16
    static let directoryAttributes: UInt32 = (0o040755 << 16) | 0x10

    static let zip64ExtraID: UInt16 = 0x0001
    /// Android zipalign's alignment extra, used as padding (`EntryLayout.localPaddingExtraLength`).
    static let alignmentExtraID: UInt16 = 0xD935
    /// The extended timestamp (UT) extra field. Info-ZIP honours bit 11 only when an entry carries at least one
    /// extra field, and it gives the true UTC modification time where the DOS time is local and 2-second grained.
    static let extendedTimestampID: UInt16 = 0x5455
    /// Header (4) + flags (1) + mtime (4); the same in local and central headers since only mtime is written.
    static let extendedTimestampLength = 9
}
