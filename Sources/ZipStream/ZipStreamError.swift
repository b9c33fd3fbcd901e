/// Everything that can go wrong planning or writing an archive. Each case names the entry concerned.
public enum ZipStreamError: Error, Equatable, CustomStringConvertible {
    /// The name is empty, absolute, contains "..", or is otherwise unsafe: run it through `ZipNames` first.
    case unsafeName(String)
    /// Two entries have names equal up to case (they collide on macOS and Windows).
    case duplicateName(String)
    /// The name's UTF-8 form is longer than a ZIP header can hold.
    case nameTooLong(String)
    /// A directory entry with a size.
    case directoryWithData(String)
    /// The source gave fewer bytes than planned.
    case entryTooShort(name: String, expected: UInt64, actual: UInt64)
    /// The source gave more bytes than planned.
    case entryTooLong(name: String, expected: UInt64)
    /// A byte range was asked of an archive whose length is unknown (it has deflated entries).
    case rangeNeedsStoredPlan
    /// The byte range lies outside the archive.
    case invalidRange(lower: UInt64, upper: UInt64, length: UInt64)
    /// A range needs this entry's CRC-32 (for its descriptor or the central directory) and none was given.
    case missingCRC(name: String)
    /// A deflated entry's compression failed inside zlib.
    case deflateFailed(name: String, code: Int32)
    /// The bytes read for an entry do not have the CRC-32 its local header already announced (the file changed
    /// since its CRC was recorded).
    case crcMismatch(name: String, expected: UInt32, actual: UInt32)
    /// The writer reached a header at another offset (or a central directory of another size) than the plan
    /// announced: a bug, refused in release builds as in debug ones.
    case strayedFromPlan(at: UInt64, planned: UInt64)

    public var description: String {
        switch self {
        case .unsafeName(let name): "unsafe entry name \"\(name)\""
        case .duplicateName(let name): "duplicate entry name \"\(name)\" (names are compared case-insensitively)"
        case .nameTooLong(let name): "entry name too long: \"\(name.prefix(64))…\""
        case .directoryWithData(let name): "directory entry \"\(name)\" has a size"
        case .entryTooShort(let name, let expected, let actual):
            "entry \"\(name)\" ended after \(actual) of \(expected) bytes"
        case .entryTooLong(let name, let expected): "entry \"\(name)\" is longer than its planned \(expected) bytes"
        case .crcMismatch(let name, let expected, let actual):
            "entry \"\(name)\" has CRC-32 \(String(actual, radix: 16)), not the \(String(expected, radix: 16)) announced"
        case .rangeNeedsStoredPlan: "a byte range needs an archive of stored entries (its length is unknown)"
        case .invalidRange(let lower, let upper, let length):
            "byte range \(lower)..<\(upper) is outside the archive of \(length) bytes"
        case .missingCRC(let name): "the range needs the CRC-32 of entry \"\(name)\", which was not given"
        case .deflateFailed(let name, let code): "deflate failed for entry \"\(name)\" (zlib error \(code))"
        case .strayedFromPlan(let offset, let planned): "the archive reached \(offset) where its plan said \(planned)"
        }
    }
}
