import COpenSSL

/// Incremental SHA-256, for payload hashes of bodies read in chunks (a file streamed into a PUT or an upload part)
/// that should never be held in memory whole. One owner, freed with it: hence non-copyable.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        OpenSSLLifetime.ensureInitialised()
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not set up a SHA-256 context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds the next chunk of the payload.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let ok = bytes.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        } ?? Array(bytes).withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        precondition(ok == 1, "EVP_DigestUpdate failed")
    }

    /// The digest of everything fed so far, as lowercase hex (an `x-amz-content-sha256` value).
    public consuming func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        precondition(ok == 1 && length == 32, "EVP_DigestFinal_ex failed")
        return Digests.hex(digest)
    }
}
