/// `Content-Disposition: attachment` for a download name (RFC 6266 with the RFC 5987 `filename*` form), so
/// quotes, apostrophes and non-ASCII letters in a name survive every browser.
enum ContentDisposition {
    static func attachment(_ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar.value != 0x7F
                ? Character(scalar) : "_"
        })
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(S3URI.encodeQuery(name))"
    }
}
