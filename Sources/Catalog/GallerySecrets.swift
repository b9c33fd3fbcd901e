import Backends
import Foundation

/// How Gallery stores and transports secrets (GALLERY-SCHEMA.md, "How secrets are stored").
public enum GallerySecrets {
    /// API keys and session tokens are stored as the raw 32-byte SHA-256 of the plaintext.
    public static func tokenDigest(_ plaintext: String) -> [UInt8] {
        digest(plaintext)
    }

    /// SHA-256 of a string's UTF-8 bytes.
    public static func digest(_ text: String) -> [UInt8] {
        Digests.sha256(Array(text.utf8))
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        Digests.hex(bytes)
    }

    /// A shared-link key as it arrives in `?key=`: 100 characters are legacy hex, anything else base64url.
    public static func decodeLinkKey(_ text: String) -> [UInt8]? {
        if text.utf8.count == 100 { return Hex.decode(text) }
        return decodeBase64URL(text)
    }

    /// The URL form of a raw link key (base64url, no padding: 67 characters for 50 bytes).
    public static func encodeLinkKey(_ key: [UInt8]) -> String {
        Data(key).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// One entry of the `immich_shared_link_token` cookie that `POST /shared-links/login` sets:
    /// `base64(sha256("<linkId>-<password>"))`.
    public static func sharedLinkToken(linkID: String, password: String) -> String {
        Data(digest("\(linkID)-\(password)")).base64EncodedString()
    }

    private static func decodeBase64URL(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
