/// One page of ListObjectsV2 (at most 1,000 keys), and the token for the next.
struct S3Listing {
    var keys: [String]
    /// The objects' sizes, in the order of `keys`.
    var sizes: [Int64]
    var nextContinuationToken: String?

    static func page(client: S3Client, prefix: String, continuationToken: String?, maxKeys: Int? = nil) async throws -> S3Listing {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
        if let maxKeys { query.insert(("max-keys", String(maxKeys)), at: 1) }
        if let continuationToken { query.insert(("continuation-token", continuationToken), at: 0) }
        let response = try await withStorageErrors(prefix) { try await client.send("GET", key: nil, query: query) }
        guard let document = S3XMLDocument(response.body) else {
            throw StorageError.backend(key: prefix, detail: "ListObjectsV2 answer is not XML")
        }
        let truncated = document.value("ListBucketResult/IsTruncated") == "true"
        let token = document.value("ListBucketResult/NextContinuationToken")
        if truncated && token == nil {
            throw StorageError.backend(key: prefix, detail: "ListObjectsV2 truncated without a continuation token")
        }
        let keys = document.values("ListBucketResult/Contents/Key")
        let sizes = document.values("ListBucketResult/Contents/Size").map { Int64($0) ?? 0 }
        guard sizes.count == keys.count else {
            throw StorageError.backend(key: prefix, detail: "ListObjectsV2 answer has \(keys.count) keys but \(sizes.count) sizes")
        }
        return S3Listing(keys: keys, sizes: sizes, nextContinuationToken: truncated ? token : nil)
    }
}
