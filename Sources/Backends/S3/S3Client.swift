import Foundation

/// Signed, retried, connection-limited requests against one bucket. Every request holds a limiter permit from
/// before it starts until its response (or stream) ends, so the process never has more S3 connections open than
/// `IMMICH_S3_MAX_CONNECTIONS`.
struct S3Client: Sendable {
    let config: S3Config
    let transport: CurlTransport
    let limiter: ConnectionLimiter
    let credentials: any CredentialProvider
    let signer: SigV4Signer
    let retry: S3RetryPolicy
    /// Where retries and resumes are logged and counted.
    let events: StorageEvents
    /// Budget for one buffered exchange (a part upload included); streams have no total budget, only a stall limit.
    static let requestTimeout: Duration = .seconds(300)

    /// The request URL: `endpoint/bucket/key` (path style, any custom endpoint) or
    /// `https://bucket.s3.region.amazonaws.com/key` (virtual-host style, AWS).
    func url(key: String?, query: [(name: String, value: String)] = []) -> String {
        let path = key.map { "/" + S3URI.encodePath($0) } ?? "/"
        let base: String
        switch config.addressingStyle {
        case .path: base = "\(config.endpoint ?? "")/\(S3URI.encodePath(config.bucket))\(key == nil ? "" : path)"
        case .virtualHost: base = "https://\(config.bucket).s3.\(config.region).amazonaws.com\(path)"
        }
        guard !query.isEmpty else { return base }
        return base + "?" + query.map { "\(S3URI.encodeQuery($0.name))=\(S3URI.encodeQuery($0.value))" }.joined(separator: "&")
    }

    /// Sends a buffered request with retries; a non-2xx answer is thrown as `S3ErrorResponse`.
    func send(_ method: String, key: String?, query: [(name: String, value: String)] = [],
              headers: [(name: String, value: String)] = [], body: [UInt8] = []) async throws -> HTTPResponse {
        let url = url(key: key, query: query)
        let payloadHash = Digests.sha256Hex(body)
        return try await withRetries(method, key: key) {
            let request = try await signed(HTTPRequest(method: method, url: url, headers: headers, body: body),
                                           payloadHash: payloadHash)
            let permit = try await ConnectionPermit.acquire(from: limiter)
            defer { permit.release() }
            let response = try await transport.send(request, timeout: Self.requestTimeout)
            guard (200..<300).contains(response.status) else {
                throw S3ErrorResponse(status: response.status, body: response.body)
            }
            return response
        }
    }

    /// Opens a streamed GET (one attempt: the reader decides how to resume). The permit travels with the stream.
    func openStream(key: String, headers: [(name: String, value: String)]) async throws
        -> (response: HTTPStreamingResponse, permit: ConnectionPermit)
    {
        let request = try await signed(HTTPRequest(method: "GET", url: url(key: key), headers: headers),
                                       payloadHash: Digests.sha256Hex([UInt8]()))
        let permit = try await ConnectionPermit.acquire(from: limiter)
        do {
            let response = try await transport.stream(request)
            guard (200..<300).contains(response.status) else {
                let body = try await response.body.collect(upTo: 64 * 1024)
                permit.release()
                throw S3ErrorResponse(status: response.status, body: body)
            }
            return (response, permit)
        } catch {
            permit.release()
            throw error
        }
    }

    /// A presigned GET URL for `key`, valid `expires` seconds, carrying `query` (response-* overrides) in its signature.
    func presignedGet(key: String, query: [(name: String, value: String)], expires: Int) async throws -> String {
        signer.presignedURL(method: "GET", url: url(key: key, query: query), expires: expires,
                            credentials: try await credentials.credentials())
    }

    private func signed(_ request: HTTPRequest, payloadHash: String) async throws -> HTTPRequest {
        var request = request
        request.headers += signer.signedHeaders(method: request.method, url: request.url, headers: request.headers,
                                                payloadHash: payloadHash, credentials: try await credentials.credentials())
        return request
    }

    /// Runs `attempt` until it succeeds, fails with a permanent error, or the policy's attempts are spent.
    func withRetries<T>(isolation: isolated (any Actor)? = #isolation, _ method: String, key: String?,
                        _ attempt: () async throws -> T) async throws -> T {
        var attempts = 0
        while true {
            attempts += 1
            do {
                return try await attempt()
            } catch where attempts < retry.maxAttempts && S3RetryPolicy.isRetryable(error) {
                events.s3Retried(method, key: key, attempt: attempts, after: error)
                try await Task.sleep(for: retry.delay(afterAttempt: attempts))
            }
        }
    }
}
