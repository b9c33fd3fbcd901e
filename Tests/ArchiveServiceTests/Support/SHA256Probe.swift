import Backends

/// SHA-256 for building wrong-password cookies the way Gallery builds right ones.
enum SHA256Probe {
    static func digest(_ text: String) -> [UInt8] { Digests.sha256(Array(text.utf8)) }
}
