/// Hexadecimal digits, read back: percent-escapes in S3 keys and Gallery's legacy hex link keys.
public enum Hex {
    /// The value of one hex digit (either case), nil for any other byte.
    public static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The bytes `text` spells in pairs of hex digits; nil for an odd length or any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = value(of: high), let l = value(of: low) else { return nil }
            bytes.append(h << 4 | l)
        }
        return bytes
    }
}
