extension S3StorageBackend {
    /// An in-progress multipart upload.
    public struct MultipartUpload: Sendable, Equatable {
        public var key: String
        public var uploadId: String
    }

    /// In-progress multipart uploads under `prefix` (ListMultipartUploads): what an operator checks for abandoned,
    /// billed parts, and what proves that a failed upload was aborted. First page (1,000 uploads) only.
    public func multipartUploads(prefix: String) async throws -> [MultipartUpload] {
        let response = try await withStorageErrors(prefix) {
            try await client.send("GET", key: nil, query: [("prefix", prefix), ("uploads", "")])
        }
        guard let document = S3XMLDocument(response.body) else {
            throw StorageError.backend(key: prefix, detail: "ListMultipartUploads answer is not XML")
        }
        return zip(document.values("ListMultipartUploadsResult/Upload/Key"),
                   document.values("ListMultipartUploadsResult/Upload/UploadId")).map(MultipartUpload.init)
    }
}
