/// `Content-Disposition: attachment` for a download name (archives, originals, and the presigned S3 override),
/// per RFC 6266 §4.3 with RFC 5987 `filename*`:
/// an ASCII `filename="…"` fallback for old clients, and the exact UTF-8 name percent-encoded, so an apostrophe,
/// quote, semicolon or non-ASCII letter in an album name can neither break the header nor be lost.
public enum ContentDisposition {
    public static func attachment(fileName: String) -> String {
        "attachment; filename=\"\(asciiFallback(fileName))\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// The name with every character a quoted-string cannot carry safely (non-ASCII, controls, `"`, `\`, and `%`,
    /// which some browsers decode) replaced by `_`.
    static func asciiFallback(_ name: String) -> String {
        String(name.unicodeScalars.map { scalar -> Character in
            let unsafe = !scalar.isASCII || scalar.value < 0x20 || scalar.value == 0x7F || "\"\\%".unicodeScalars.contains(scalar)
            return unsafe ? "_" : Character(scalar)
        })
    }

    /// RFC 5987 `value-chars`: `attr-char` kept, every other UTF-8 byte as `%XX`.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            if isAttrChar(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// RFC 5987 §3.2.1: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
    private static func isAttrChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
