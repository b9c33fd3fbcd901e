/// S3's percent-encoding (the SigV4 `UriEncode` of the S3 documentation): every byte of the UTF-8 form is
/// encoded as `%XX` (uppercase hex) except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
/// botocore encodes keys the same way (`quote(key, safe='/~')`), so URLs we build match its URLs byte for byte.
public enum S3URI {
    /// An object key as a URL path: `/` is kept, so `a/b c` becomes `a/b%20c`. S3 does not normalise paths, so a
    /// key is sent exactly as it is stored.
    public static func encodePath(_ key: String) -> String {
        encode(key, keepingSlash: true)
    }

    /// A query-string key or value: `/`, `=`, `&`, `+` and everything else reserved are encoded.
    public static func encodeQuery(_ value: String) -> String {
        encode(value, keepingSlash: false)
    }

    /// The shared encoder; `keepingSlash` is the only difference between a path and a query component.
    static func encode(_ text: String, keepingSlash: Bool) -> String {
        encode(bytes: Array(text.utf8), keepingSlash: keepingSlash)
    }

    static func encode(bytes: [UInt8], keepingSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (a malformed escape is kept literally). `+` stays `+`: SigV4 canonicalisation
    /// treats query strings as RFC 3986, not HTML forms.
    static func decode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
