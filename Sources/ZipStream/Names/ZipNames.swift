import Foundation

/// Entry names that extract safely and identically on Linux, macOS and Windows.
///
/// Names come from users (original file names, album titles), so they are sanitised before they are planned:
/// no absolute paths or ".." (zip-slip), none of the characters Windows refuses, no trailing dots or spaces
/// (Explorer silently drops them, so two names would collide), no reserved device names, no Unicode bidi controls
/// (they make a name display as another), bounded lengths, and Unicode normalisation form C (macOS hands out
/// decomposed names; Windows and Linux expect composed ones).
public enum ZipNames {
    /// Longest path component in UTF-8 bytes: the limit of ext4, APFS and NTFS (in practice) alike.
    public static let maxComponentBytes = 255
    /// Longest whole path in UTF-8 bytes.
    public static let maxPathBytes = 1024
    /// What replaces each forbidden character.
    static let replacement: Character = "_"

    /// Characters Windows forbids in names; "/" is the separator and is handled before.
    static let forbidden: Set<Character> = ["\\", ":", "*", "?", "\"", "<", ">", "|"]
    /// Device names Windows reserves, with or without an extension ("CON.jpg" is unusable too).
    static let reserved: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for digit in 1...9 { names.insert("COM\(digit)"); names.insert("LPT\(digit)") }
        return names
    }()

    /// `name` made safe: each "/"-separated component sanitised, empty, "." and ".." components dropped.
    /// Never empty: a name with nothing left becomes "_".
    public static func sanitize(_ name: String) -> String {
        isPlainPath(name) ? name : sanitizeAnyName(name)
    }

    /// Whether `name` is made of plain components (`isPlainComponent`) joined by single "/"s, within the path limit:
    /// an album's "2026/IMG_1234.jpg" as much as a bare "IMG_1234.jpg", which sanitising leaves as they are.
    static func isPlainPath(_ name: String) -> Bool {
        name.utf8.count <= maxPathBytes
            && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isPlainComponent($0) }
    }

    /// Whether `name` is one component of printable ASCII that sanitising leaves as it is — what nearly every camera
    /// and phone names its files — decided from its bytes. A 250,000-asset timeline plans its names in well under a
    /// second this way; the general path (Unicode normalisation, per-character checks) takes tens of microseconds
    /// per name.
    static func isPlainComponent(_ name: Substring) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, first != UInt8(ascii: "."), let last = bytes.last, last != UInt8(ascii: "."),
              last != UInt8(ascii: " "), bytes.count <= maxComponentBytes else { return false }
        for byte in bytes where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "/") || forbiddenBytes[Int(byte)] {
            return false
        }
        let stem = name.utf8.prefix { $0 != UInt8(ascii: ".") }
        return !(3...4).contains(stem.count) || !reserved.contains(String(decoding: stem, as: UTF8.self).uppercased())
    }

    /// `forbidden`, by ASCII byte: an array lookup per byte of a name, where a set lookup would hash each one.
    static let forbiddenBytes: [Bool] = (0..<0x80).map { forbidden.contains(Character(Unicode.Scalar(UInt8($0)))) }

    /// `sanitize` for any name: Unicode, paths, and every repair.
    static func sanitizeAnyName(_ name: String) -> String {
        // Bidi controls go first, so what they hid (a "..", a trailing dot, a reserved stem) is repaired too.
        let components = normalized(withoutBidiControls(name)).split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." && $0 != ".." }
            .map { sanitizeComponent(String($0)) }
        guard let last = components.last else { return String(replacement) }
        let path = components.joined(separator: "/")
        // A path too long for Windows and most tools keeps its file name: the folders are the cheaper loss.
        return path.utf8.count <= maxPathBytes ? path : last
    }

    /// Whether `name` is already what the writer accepts: sanitised, with a trailing "/" only for a directory.
    public static func isSafe(_ name: String, directory: Bool) -> Bool {
        let body = directory && name.hasSuffix("/") ? String(name.dropLast()) : name
        return !body.isEmpty && sanitize(body) == normalized(body)
    }

    /// `name` in Unicode normalisation form C. ASCII is its own form C, so it skips Foundation's normaliser.
    public static func normalized(_ name: String) -> String {
        name.utf8.allSatisfy { $0 < 0x80 } ? name : name.precomposedStringWithCanonicalMapping
    }

    /// The key under which two names collide on a case-insensitive file system (macOS, Windows).
    public static func collisionKey(_ name: String) -> String {
        normalized(name).lowercased()
    }

    /// Sanitised, unique names for `names`, in order (see `ZipNameAllocator`).
    public static func unique(_ names: [String]) -> [String] {
        var allocator = ZipNameAllocator()
        return names.map { allocator.claim($0) }
    }

    static func sanitizeComponent(_ component: String) -> String {
        var cleaned = String(component.map { isForbidden($0) ? replacement : $0 })
        while let last = cleaned.last, last == "." || last == " " { cleaned.removeLast() }
        if cleaned.isEmpty { return String(replacement) }
        let stem = cleaned.split(separator: ".", maxSplits: 1).first.map(String.init) ?? cleaned
        if reserved.contains(stem.uppercased()) { cleaned.insert(replacement, at: cleaned.startIndex) }
        return truncated(cleaned, suffix: "")
    }

    /// Unicode's explicit bidi formatting characters (UAX #9): the Arabic letter mark, the LRM/RLM marks, the
    /// embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI). "invoice<RLO>gpj.exe"
    /// displays as "invoiceexe.jpg". Joiners (U+200C/D), which emoji sequences need, are not among them.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `name` without its bidi controls; nearly every name has none and is returned as it is.
    static func withoutBidiControls(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: isBidiControl) else { return name }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: name.unicodeScalars.lazy.filter { !isBidiControl($0) })
        return String(scalars)
    }

    static func isForbidden(_ character: Character) -> Bool {
        forbidden.contains(character) || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// `component` with `suffix` inserted before its extension, the stem shortened (by whole characters, never
    /// splitting one) until the result fits in `maxComponentBytes`.
    static func truncated(_ component: String, suffix: String) -> String {
        let (stem, ext) = splitExtension(component)
        var shortStem = Substring(stem)
        while shortStem.utf8.count + suffix.utf8.count + ext.utf8.count > maxComponentBytes, !shortStem.isEmpty {
            shortStem = shortStem.dropLast()
        }
        let result = shortStem + suffix + ext
        // An absurd extension alone can exceed the limit: then the whole name is cut.
        guard result.utf8.count > maxComponentBytes else { return String(result) }
        var cut = Substring(result)
        while cut.utf8.count > maxComponentBytes { cut = cut.dropLast() }
        return String(cut)
    }

    /// "IMG_0001.HEIC" → ("IMG_0001", ".HEIC"); ".profile" and "README" have no extension (as Node's path.parse,
    /// which Gallery uses for its "+1" suffixes).
    static func splitExtension(_ component: String) -> (stem: String, ext: String) {
        guard let dot = component.lastIndex(of: "."), dot != component.startIndex else { return (component, "") }
        return (String(component[..<dot]), String(component[dot...]))
    }
}

/// Hands out sanitised names, de-duplicated case-insensitively the way Gallery users know: the second
/// "IMG.JPG" (or "img.jpg") becomes "IMG+1.JPG", the third "IMG+2.JPG".
public struct ZipNameAllocator: Sendable {
    private var taken: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    public init() {}

    /// A sanitised version of `name` that no earlier call returned, up to case.
    public mutating func claim(_ name: String) -> String {
        let clean = ZipNames.sanitize(name)
        let baseKey = ZipNames.collisionKey(clean)
        guard taken.contains(baseKey) else {
            taken.insert(baseKey)
            return clean
        }
        var (candidate, key) = (clean, baseKey)
        var counter = nextSuffix[baseKey, default: 1]
        while taken.contains(key) {
            candidate = Self.withSuffix(clean, counter)
            key = ZipNames.collisionKey(candidate)
            counter += 1
        }
        nextSuffix[baseKey] = counter
        taken.insert(key)
        return candidate
    }

    /// `path` with "+n" before the extension of its last component.
    private static func withSuffix(_ path: String, _ n: Int) -> String {
        var components = path.split(separator: "/").map(String.init)
        components[components.count - 1] = ZipNames.truncated(components[components.count - 1], suffix: "+\(n)")
        return components.joined(separator: "/")
    }
}
