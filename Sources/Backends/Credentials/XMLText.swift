/// Reads the text of a named element from the small, flat XML documents AWS sends (STS answers, error bodies).
/// Not a general XML parser: enough for documents whose elements of interest are unique and carry no attributes.
enum XMLText {
    /// The unescaped text between the first `<name>` and the following `</name>`, or nil when absent.
    static func element(_ name: String, in xml: Substring) -> String? {
        markup(name, in: xml).map(unescape)
    }

    /// The raw markup between the first `<name>` and the following `</name>`: for looking inside a parent element
    /// without decoding its children's entities twice.
    static func markup(_ name: String, in xml: Substring) -> Substring? {
        guard let open = xml.range(of: "<\(name)>"),
              let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return xml[open.upperBound..<close.lowerBound]
    }

    /// The five predefined XML entities and numeric character references.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";") else { break }
            guard let replacement = decode(rest[rest.index(after: amp)..<semi]) else {
                // Not an entity (a stray '&'): keep it and look for the next one after it.
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            out += replacement
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    private static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let hex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
            guard entity.hasPrefix("#"), let code = UInt32(entity.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                  let scalar = Unicode.Scalar(code) else { return nil }
            return String(Character(scalar))
        }
    }
}
