/// The bucket's CORS rules (PutBucketCors / GetBucketCors), which redirect mode needs before browsers may read
/// presigned answers from canvas, fetch and clipboard code (the seed's section 4).
extension S3StorageBackend {
    /// The bucket's rules; empty when it has none (S3 answers 404 NoSuchCORSConfiguration).
    public func bucketCORS() async throws -> [CORSRule] {
        let bucket = client.config.bucket
        do {
            let response = try await client.send("GET", key: nil, query: [("cors", "")])
            guard let rules = CORSConfigurationXML.decode(response.body) else {
                throw StorageError.backend(key: bucket, detail: "GetBucketCors answer is not a CORSConfiguration")
            }
            return rules
        } catch let error as S3ErrorResponse where error.status == 404 && error.code == "NoSuchCORSConfiguration" {
            return []
        } catch let error as S3ErrorResponse {
            throw error.storageError(key: bucket)
        }
    }

    /// Replaces the bucket's rules with `rules`.
    public func putBucketCORS(_ rules: [CORSRule]) async throws {
        let body = Array(CORSConfigurationXML.encode(rules).utf8)
        // S3 refuses PutBucketCors without Content-MD5 (or a checksum header), as it does DeleteObjects.
        _ = try await withStorageErrors(client.config.bucket) {
            try await client.send("PUT", key: nil, query: [("cors", "")],
                                  headers: [("Content-MD5", Digests.md5Base64(body)), ("Content-Type", "application/xml")],
                                  body: body)
        }
    }

    /// The first key under `prefix` (ListObjectsV2 with max-keys 1), or nil when there is none.
    public func firstKey(prefix: String = "") async throws -> String? {
        try await S3Listing.page(client: client, prefix: prefix, continuationToken: nil, maxKeys: 1).keys.first
    }

    /// The bucket's name, for messages.
    public var bucketName: String { client.config.bucket }
}
