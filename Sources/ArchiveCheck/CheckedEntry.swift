/// One entry of a validated archive, as its data turned out: what a caller compares with the bytes it expected.
public struct CheckedEntry: Sendable, Equatable {
    /// The entry's name (invalid UTF-8 shown with replacement characters).
    public let name: String
    /// The CRC-32 computed over the entry's data (equal to the recorded one, or the validator would have thrown).
    public let crc32: UInt32
    /// The data length.
    public let size: UInt64
}
