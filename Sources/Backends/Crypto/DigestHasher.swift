import COpenSSL

/// An incremental digest, for bodies read in chunks that should never be held in memory whole: SHA-256 for the
/// payload hashes of a file streamed into a PUT or an upload part, SHA-1 for Gallery's `asset.checksum` of a file
/// being moved. One owner, freed with it: hence non-copyable.
public struct DigestHasher: ~Copyable {
    public enum Algorithm: Sendable {
        case sha1
        case sha256

        var length: Int {
            switch self {
            case .sha1: 20
            case .sha256: 32
            }
        }
    }

    private let context: OpaquePointer
    private let algorithm: Algorithm

    public init(_ algorithm: Algorithm) {
        OpenSSLLifetime.ensureInitialised()
        let md = switch algorithm {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        }
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, md, nil) == 1 else {
            fatalError("OpenSSL could not set up a digest context")
        }
        self.context = context
        self.algorithm = algorithm
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds the next chunk.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let ok = bytes.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        } ?? Array(bytes).withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        precondition(ok == 1, "EVP_DigestUpdate failed")
    }

    /// The digest of everything fed so far.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: algorithm.length)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        precondition(ok == 1 && Int(length) == algorithm.length, "EVP_DigestFinal_ex failed")
        return digest
    }

    /// The digest as lowercase hex (an `x-amz-content-sha256` value).
    public consuming func finalizeHex() -> String {
        Digests.hex(finalize())
    }
}
