import Catalog
import Backends
import Foundation

/// The demo library `gallery-archive demo` seeds from `fixtures/media`: four people, albums, partner sharing,
/// shared links of every kind, a live photo pair, duplicate, differently-cased and unicode names, files on disk,
/// and one file on S3 when a bucket is configured. Its secrets are fixed and public: a demo, never a deployment.
public struct DemoLibrary: Sendable {
    /// Alice owns everything; Bob is her partner; Carol is a member of her shared album; Dave is a stranger.
    public static let people = ["alice", "bob", "carol", "dave"]

    public static func userID(_ person: String) -> String { uuid("user:\(person)") }
    public static func apiKey(_ person: String) -> String { "demo-api-key-\(person)" }
    public static func sessionToken(_ person: String) -> String { "demo-session-\(person)" }

    public static let sharedAlbumID = uuid("album:summer")
    public static let sharedAlbumName = #"Summer '24 — "best"; café"#
    public static let linkPassword = "hunter2"

    /// The shared links: label → (key, slug).
    public enum Link: String, CaseIterable, Sendable {
        case album, albumNoDownload, individual, expired, password

        public var id: String { DemoLibrary.uuid("link:\(rawValue)") }
        /// Gallery's keys are 50 random bytes; the demo's are derived from the label so the printed commands stay valid.
        public var key: [UInt8] { Array((GallerySecrets.digest("key1:\(rawValue)") + GallerySecrets.digest("key2:\(rawValue)")).prefix(50)) }
        public var urlKey: String { GallerySecrets.encodeLinkKey(key) }
        public var slug: String? { self == .individual ? "sunrise-and-cafe" : nil }
    }

    /// The `immich_shared_link_token` cookie value that unlocks the password link.
    public static var passwordCookie: String {
        GallerySecrets.sharedLinkToken(linkID: Link.password.id, password: linkPassword)
    }

    /// A deterministic UUID (v4 layout) for a demo row.
    public static func uuid(_ label: String) -> String {
        var bytes = Array(GallerySecrets.digest("gallery-archive demo:" + label).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = GallerySecrets.hex(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}
