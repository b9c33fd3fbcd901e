import NIOCore

/// Streams an object (or a range of it) from S3 and survives faults mid-body: after a reset, a stall or a short
/// body it reopens at the current offset with `Range: bytes=N-` and `If-Match: <ETag>`, so the bytes that follow
/// are the same object version or nothing (S3 answers 412 when the object changed → `StorageError.objectChanged`;
/// two versions are never spliced). Holds one limiter permit while a connection is open.
actor S3ObjectReader: ByteChunkSource {
    private let client: S3Client
    private let key: String
    private var offset: Int64
    /// One past the last byte to deliver, known from the first response.
    private var end: Int64 = 0
    private var etag = ""
    private var body: HTTPBodyStream.AsyncIterator?
    private var permit: ConnectionPermit?
    /// Consecutive faults without a byte of progress; bounded by the retry policy.
    private var faultsWithoutProgress = 0

    /// Opens the first connection, so a missing or forbidden object fails here, before any byte is consumed.
    static func open(client: S3Client, key: String, range: ByteRange?) async throws -> S3ObjectReader {
        let reader = S3ObjectReader(client: client, key: key, offset: range?.offset ?? 0)
        try await reader.start(length: range?.length, version: range?.version)
        return reader
    }

    private init(client: S3Client, key: String, offset: Int64) {
        self.client = client
        self.key = key
        self.offset = offset
    }

    private func start(length: Int64?, version: String?) async throws {
        let last = length.map { String(offset + $0 - 1) } ?? ""
        var headers = offset > 0 || length != nil ? [("Range", "bytes=\(offset)-\(last)")] : []
        if let version { headers.append(("If-Match", version)) }
        let opened = try await withStorageErrors(key) { [headers] in
            try await client.withRetries("GET", key: key) { try await client.openStream(key: key, headers: headers) }
        }
        let contentLength = Int64(opened.response.header("Content-Length") ?? "")
        guard let contentLength, let etag = opened.response.header("ETag") else {
            opened.permit.release()
            throw StorageError.backend(key: key, detail: "S3 GET answer lacks Content-Length or ETag")
        }
        self.etag = etag
        end = offset + contentLength
        attach(opened)
    }

    func next() async throws -> ByteBuffer? {
        while offset < end {
            if body == nil { try await reopen() }
            guard var iterator = body else { continue }  // reopen backed off; try again
            do {
                // The iterator is a handle on the transfer's buffer: a copy reads the same stream.
                if let chunk = try await iterator.next() {
                    offset += Int64(chunk.readableBytes)
                    faultsWithoutProgress = 0
                    return chunk
                }
                // The connection ended early without a transport error: resume like any other fault.
                try await recover(from: CurlTransportError.shortBody(url: key))
            } catch where S3RetryPolicy.isRetryable(error) {
                try await recover(from: error)
            } catch {
                detach()
                throw error
            }
        }
        detach()
        return nil
    }

    /// Drops the broken connection, backs off, and lets the loop reopen at `offset`; gives up after too many tries.
    private func recover(from error: any Error) async throws {
        detach()
        faultsWithoutProgress += 1
        guard faultsWithoutProgress < client.retry.maxAttempts else {
            throw StorageError.backend(key: key, detail: "read failed at byte \(offset) after \(faultsWithoutProgress) attempts: \(error)")
        }
        client.events.s3Resumed(key: key, at: offset, after: error)
        try await Task.sleep(for: client.retry.delay(afterAttempt: faultsWithoutProgress))
    }

    private func reopen() async throws {
        let headers = [("Range", "bytes=\(offset)-\(end - 1)"), ("If-Match", etag)]
        let opened: (response: HTTPStreamingResponse, permit: ConnectionPermit)
        do {
            opened = try await client.openStream(key: key, headers: headers)
        } catch where S3RetryPolicy.isRetryable(error) {
            return try await recover(from: error)
        } catch let error as S3ErrorResponse {
            throw error.storageError(key: key)
        }
        // A server that ignored the Range would send byte 0 again: never splice that in.
        guard opened.response.status == 206, opened.response.header("Content-Range")?.hasPrefix("bytes \(offset)-") == true else {
            opened.permit.release()
            throw StorageError.integrity(key: key, detail: "resumed read at \(offset) did not get that range back")
        }
        attach(opened)
    }

    private func attach(_ opened: (response: HTTPStreamingResponse, permit: ConnectionPermit)) {
        body = opened.response.body.makeAsyncIterator()
        permit = opened.permit
    }

    /// Closes the current connection (if any) and gives its permit back at once.
    private func detach() {
        body = nil
        permit?.release()
        permit = nil
    }
}
