import COpenSSL
import Foundation

/// The digests S3 and Gallery need, computed by OpenSSL's libcrypto: SHA-256 (SigV4 payload hashes and signatures),
/// HMAC-SHA256 (the SigV4 signing-key chain), MD5 (the `Content-MD5` header DeleteObjects requires) and SHA-1
/// (Gallery's asset checksums).
/// All pointer work with libcrypto stays in this file.
public enum Digests {
    /// SHA-256 of `bytes`, as the 32 raw bytes.
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        digest(bytes, EVP_sha256(), length: 32)
    }

    /// SHA-1 of `bytes`, as the 20 raw bytes: Gallery's `asset.checksum` of an upload.
    public static func sha1(_ bytes: some Collection<UInt8>) -> [UInt8] {
        digest(bytes, EVP_sha1(), length: 20)
    }

    /// SHA-1 of the file at `path`, read in 1 MiB chunks; nil when it cannot be opened. Blocking: call it off
    /// Swift's cooperative threads.
    public static func sha1(ofFileAt path: String) throws -> [UInt8]? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        var hasher = DigestHasher(.sha1)
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.finalize()
    }

    /// SHA-256 of `bytes`, as 64 lowercase hex digits (SigV4's `HexEncode(Hash(...))`).
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        hex(sha256(bytes))
    }

    /// SHA-256 of the UTF-8 bytes of `text`, as lowercase hex.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// HMAC-SHA256 of `data` under `key`, as the 32 raw bytes.
    public static func hmacSHA256(key: some Collection<UInt8>, data: some Collection<UInt8>) -> [UInt8] {
        OpenSSLLifetime.ensureInitialised()
        var out = [UInt8](repeating: 0, count: 32)
        var outLength: UInt32 = 0
        withContiguousBytes(of: key) { keyBytes in
            withContiguousBytes(of: data) { dataBytes in
                out.withUnsafeMutableBufferPointer { outBytes in
                    _ = HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                             dataBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), dataBytes.count,
                             outBytes.baseAddress, &outLength)
                }
            }
        }
        precondition(outLength == 32, "HMAC-SHA256 produced \(outLength) bytes")
        return out
    }

    /// MD5 of `bytes`, base64-encoded: the value of a `Content-MD5` header (RFC 1864), which S3 requires on
    /// DeleteObjects.
    public static func md5Base64(_ bytes: some Collection<UInt8>) -> String {
        Data(digest(bytes, EVP_md5(), length: 16)).base64EncodedString()
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digest(_ bytes: some Collection<UInt8>, _ md: OpaquePointer?, length: Int) -> [UInt8] {
        OpenSSLLifetime.ensureInitialised()
        var out = [UInt8](repeating: 0, count: length)
        var outLength: UInt32 = 0
        let ok = withContiguousBytes(of: bytes) { input in
            out.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &outLength, md, nil)
            }
        }
        precondition(ok == 1 && Int(outLength) == length, "EVP_Digest failed")
        return out
    }

    /// Runs `body` over the bytes of `collection`, copying only when it has no contiguous storage.
    private static func withContiguousBytes<R>(of collection: some Collection<UInt8>,
                                               _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = collection.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(collection).withUnsafeBytes(body)
    }
}
