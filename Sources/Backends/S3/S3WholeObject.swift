import NIOCore

extension S3StorageBackend: WholeObjectReading {
    public var wholeObjectLimit: Int { CurlTransfer.receiveBufferSize }

    /// A GET asking what the HEAD asks (`x-amz-checksum-mode`), whose headers are HeadObject's: one request, one
    /// permit of the connection limiter, retried whole on throttling, a 5xx or a dropped connection (a retry may
    /// meet a newer version: info and bytes always come from one answer). An object larger than asked for is not
    /// read: its connection is dropped after the headers, as a HEAD would have left it.
    public func getWhole(_ key: String, upTo limit: Int) async throws -> WholeObject {
        let limit = min(limit, wholeObjectLimit)
        return try await withStorageErrors(key) {
            try await client.withRetries("GET", key: key) {
                let (response, permit) = try await client.openStream(key: key, headers: [Self.checksumMode])
                defer { permit.release() }
                let info = try Self.objectInfo(key, answer: "GetObject", response.header)
                guard info.size <= limit else { return WholeObject(info: info, bytes: nil) }
                return WholeObject(info: info, bytes: try await Self.body(response.body, size: Int(info.size), key: key))
            }
        }
    }

    /// The whole body in one buffer of exactly `size` bytes: the transport's chunks are 256 KiB buffers whatever
    /// they hold, too big to keep a 4 KiB object in until its entry is written.
    private static func body(_ body: HTTPBodyStream, size: Int, key: String) async throws -> ByteBuffer {
        var bytes = ByteBufferAllocator().buffer(capacity: size)
        for try await chunk in body { bytes.writeImmutableBuffer(chunk) }
        guard bytes.readableBytes == size else { throw CurlTransportError.shortBody(url: key) }
        return bytes
    }
}
