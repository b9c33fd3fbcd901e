/// What a valid archive held.
public struct ArchiveSummary: Sendable, Equatable {
    /// Entries in the archive (files and directories).
    public var entryCount: Int
    /// The archive's length in bytes.
    public var length: UInt64
    /// The entries' data bytes, all headers and records left out.
    public var dataBytes: UInt64

    /// A summary with these figures (what a caller expects, to compare with what the validator found).
    public init(entryCount: Int, length: UInt64, dataBytes: UInt64) {
        self.entryCount = entryCount
        self.length = length
        self.dataBytes = dataBytes
    }
}
