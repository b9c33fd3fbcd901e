/// S3 multipart upload (CreateMultipartUpload, UploadPart…, CompleteMultipartUpload) for objects above the
/// single-PUT threshold. Parts go up one at a time, so memory holds one part whatever the object size. Any failure
/// (cancellation included) aborts the upload, so no invisible, billed parts are left behind.
struct S3MultipartUpload {
    /// S3's floor for every part but the last.
    static let minimumPartSize = 5 << 20
    /// S3's ceiling on part numbers.
    static let maximumParts = 10_000

    let client: S3Client
    let key: String

    /// Uploads `size` bytes that `readPart(offset, count)` supplies, in parts of at least `partSize`.
    func upload(size: Int64, partSize: Int, readPart: (Int64, Int) throws -> [UInt8]) async throws {
        let partSize = Self.partSize(for: size, preferred: partSize)
        let created = try await client.send("POST", key: key, query: [("uploads", "")])
        guard let uploadId = S3XMLDocument(created.body)?.value("InitiateMultipartUploadResult/UploadId") else {
            throw StorageError.backend(key: key, detail: "CreateMultipartUpload answer has no UploadId")
        }
        do {
            var parts: [(number: Int, etag: String)] = []
            var offset: Int64 = 0
            while offset < size {
                let count = Int(min(Int64(partSize), size - offset))
                let bytes = try readPart(offset, count)
                parts.append((parts.count + 1, try await uploadPart(bytes, number: parts.count + 1, uploadId: uploadId)))
                offset += Int64(count)
            }
            try await complete(parts, uploadId: uploadId)
        } catch {
            await abort(uploadId: uploadId)
            throw error
        }
    }

    /// At least S3's minimum, and large enough that the object fits in 10,000 parts.
    static func partSize(for size: Int64, preferred: Int) -> Int {
        let needed = Int((size + Int64(maximumParts) - 1) / Int64(maximumParts))
        return max(preferred, minimumPartSize, needed)
    }

    private func uploadPart(_ bytes: [UInt8], number: Int, uploadId: String) async throws -> String {
        let response = try await client.send(
            "PUT", key: key, query: [("partNumber", String(number)), ("uploadId", uploadId)], body: bytes)
        guard let etag = response.header("ETag") else {
            throw StorageError.backend(key: key, detail: "UploadPart \(number) answer has no ETag")
        }
        return etag
    }

    private func complete(_ parts: [(number: Int, etag: String)], uploadId: String) async throws {
        let xml = "<CompleteMultipartUpload>"
            + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\($0.etag.xmlEscaped)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        let response = try await client.send("POST", key: key, query: [("uploadId", uploadId)], body: Array(xml.utf8))
        // S3 may answer 200 and still fail the completion in the body.
        if let document = S3XMLDocument(response.body), let code = document.value("Error/Code") {
            throw StorageError.backend(key: key, detail: "CompleteMultipartUpload failed: \(code)")
        }
    }

    /// Best effort, and deliberately outside the caller's cancellation: a cancelled upload must still be aborted.
    private func abort(uploadId: String) async {
        let client = client
        let key = key
        _ = try? await Task {
            try await client.send("DELETE", key: key, query: [("uploadId", uploadId)])
        }.value
    }
}
