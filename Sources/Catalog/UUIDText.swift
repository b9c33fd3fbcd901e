import Foundation

/// Asset ids as text, the way Gallery writes them (PostgreSQL's uuid output, the SQLite catalog's TEXT): 36 bytes,
/// lower-case hex, hyphenated. Formatted and parsed here by hand because a timeline moves a quarter of a million of
/// them: `uuidString` is upper-case and allocates, and `UUID(uuidString:)` wants a `String` first.
extension UUID {
    /// The lower-case hyphenated form.
    public var lowercased: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            writeLowercased(into: UnsafeMutableRawBufferPointer(buffer))
            return 36
        }
    }

    /// Writes the 36 bytes of `lowercased` at the start of `buffer` (at least 36 bytes long).
    public func writeLowercased(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 36, "a UUID needs 36 bytes")
        let digits = Self.hexDigits
        var at = 0
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if Self.hyphenPrecedes(index) {
                    buffer[at] = UInt8(ascii: "-")
                    at += 1
                }
                buffer[at] = digits[Int(byte >> 4)]
                buffer[at + 1] = digits[Int(byte & 0x0f)]
                at += 2
            }
        }
    }

    /// Parses exactly the 36-byte hyphenated form, in either case; nil for anything else.
    public init?(hyphenated text: UnsafeRawBufferPointer) {
        guard text.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &value) { bytes in
            var at = 0
            for index in 0..<16 {
                if Self.hyphenPrecedes(index) {
                    guard text[at] == UInt8(ascii: "-") else { return false }
                    at += 1
                }
                guard let high = Self.hexValue(text[at]), let low = Self.hexValue(text[at + 1]) else { return false }
                bytes[index] = high << 4 | low
                at += 2
            }
            return true
        }
        guard valid else { return nil }
        self.init(uuid: value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The groups are 4-2-2-2-6 bytes.
    private static func hyphenPrecedes(_ byteIndex: Int) -> Bool {
        byteIndex == 4 || byteIndex == 6 || byteIndex == 8 || byteIndex == 10
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
