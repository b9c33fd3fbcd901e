import Foundation
import NIOCore

/// Originals in an S3-compatible bucket, over our libcurl transport and SigV4 signer.
public struct S3StorageBackend: StorageBackend {
    /// Tuning that callers (and tests) may change; the defaults suit AWS and local S3 servers alike.
    public struct Options: Sendable {
        /// Objects larger than this go up as multipart uploads.
        public var multipartThreshold: Int
        /// Preferred part size (S3's 5 MiB floor and 10,000-part ceiling apply).
        public var partSize: Int
        public var retry: S3RetryPolicy

        public init(multipartThreshold: Int = 16 << 20, partSize: Int = 8 << 20, retry: S3RetryPolicy = S3RetryPolicy()) {
            self.multipartThreshold = multipartThreshold
            self.partSize = partSize
            self.retry = retry
        }
    }

    /// DeleteObjects takes at most this many keys per call.
    static let deleteBatchSize = 1000

    let client: S3Client
    let options: Options

    /// - Parameters:
    ///   - limiter: the process-wide S3 connection limiter; the transport's connection cache is sized from it.
    ///   - events: where retries and resumed reads are logged and counted.
    public init(config: S3Config, credentials: any CredentialProvider, limiter: ConnectionLimiter,
                transport: CurlTransport, options: Options = Options(), events: StorageEvents = StorageEvents()) {
        client = S3Client(config: config, transport: transport, limiter: limiter, credentials: credentials,
                          signer: SigV4Signer(region: config.region), retry: options.retry, events: events)
        self.options = options
    }

    /// A backend with its own transport, whose connection cache and per-host cap match the limiter's bound.
    public init(config: S3Config, credentials: any CredentialProvider, limiter: ConnectionLimiter,
                options: Options = Options()) {
        let transport = CurlTransport(configuration: .init(maxConnectionsPerHost: limiter.limit))
        self.init(config: config, credentials: credentials, limiter: limiter, transport: transport, options: options)
    }

    public func put(_ key: String, from source: StorageSource) async throws {
        switch source {
        case .bytes(let bytes) where bytes.count > options.multipartThreshold:
            try await withStorageErrors(key) {
                try await S3MultipartUpload(client: client, key: key).upload(size: Int64(bytes.count), partSize: options.partSize) {
                    Array(bytes[Int($0)..<Int($0) + $1])
                }
            }
        case .bytes(let bytes):
            try await putObject(key, bytes)
        case .file(let path):
            let file = try SourceFile(path: path, key: key)
            if file.size > Int64(options.multipartThreshold) {
                try await withStorageErrors(key) {
                    try await S3MultipartUpload(client: client, key: key).upload(size: file.size, partSize: options.partSize) {
                        try file.read(offset: $0, count: $1)
                    }
                }
            } else {
                try await putObject(key, file.read(offset: 0, count: Int(file.size)))
            }
        }
    }

    /// A single PutObject sends the body's CRC-32 (`x-amz-checksum-crc32`): S3 checks it and keeps it, so
    /// archives of the object know its CRC from a HEAD, and are range-ready on their first download.
    private func putObject(_ key: String, _ bytes: [UInt8]) async throws {
        let checksum = S3Checksum.header(crc32: S3Checksum.crc32(bytes))
        try await withStorageErrors(key) {
            _ = try await client.send("PUT", key: key, headers: [("x-amz-checksum-crc32", checksum)], body: bytes)
        }
    }

    public func get(_ key: String, range: ByteRange?) async throws -> StorageByteStream {
        if let range, range.offset < 0 || (range.length ?? 1) <= 0 {
            throw StorageError.invalidKey(key: key, reason: "invalid range \(range.offset)+\(range.length ?? 0)")
        }
        return StorageByteStream(try await S3ObjectReader.open(client: client, key: key, range: range))
    }

    public func head(_ key: String) async throws -> ObjectInfo {
        let response = try await withStorageErrors(key) {
            try await client.send("HEAD", key: key, headers: [Self.checksumMode])
        }
        return try Self.objectInfo(key, answer: "HeadObject", response.header)
    }

    /// Asks for the object's stored checksum too (GetObject/HeadObject `x-amz-checksum-mode`).
    static let checksumMode = (name: "x-amz-checksum-mode", value: "ENABLED")

    /// What the headers of a HeadObject or GetObject `answer` tell of the object (the same headers in both).
    static func objectInfo(_ key: String, answer: String, _ header: (String) -> String?) throws -> ObjectInfo {
        guard let size = header("Content-Length").flatMap({ Int64($0) }), let etag = header("ETag") else {
            throw StorageError.backend(key: key, detail: "\(answer) answer lacks Content-Length or ETag")
        }
        let modified = header("Last-Modified").flatMap(HTTPDate.parse) ?? Date(timeIntervalSince1970: 0)
        return ObjectInfo(size: size, etag: etag, modified: modified, crc32: S3Checksum.fullObjectCRC32(
            header("x-amz-checksum-crc32"), type: header("x-amz-checksum-type")))
    }

    public func delete(_ key: String) async throws {
        do {
            try await withStorageErrors(key) { _ = try await client.send("DELETE", key: key) }
        } catch StorageError.notFound {
            return  // already gone: S3 itself answers 204 here, some compatible servers 404
        }
    }

    /// Lists the prefix page by page (ListObjectsV2, 1,000 keys a page) and deletes each page with one
    /// DeleteObjects call. `prefix` names a folder: `library/u1` never touches `library/u10/…`.
    public func deletePrefix(_ prefix: String) async throws {
        try await forEachPage(under: prefix) { page, folder in try await deleteBatch(page.keys, prefix: folder) }
    }

    /// Calls `body` with each ListObjectsV2 page under the folder `prefix` names (a trailing slash is implied, so
    /// `library/alice` never covers `library/alice2`), and that folder.
    func forEachPage(under prefix: String, _ body: (S3Listing, String) async throws -> Void) async throws {
        guard !prefix.isEmpty else { throw StorageError.invalidKey(key: prefix, reason: "refusing to take the whole bucket as a folder") }
        let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
        var token: String?
        repeat {
            let page = try await S3Listing.page(client: client, prefix: folder, continuationToken: token)
            try await body(page, folder)
            token = page.nextContinuationToken
        } while token != nil
    }

    private func deleteBatch(_ keys: [String], prefix: String) async throws {
        for batch in stride(from: 0, to: keys.count, by: Self.deleteBatchSize).map({ keys[$0..<min($0 + Self.deleteBatchSize, keys.count)] }) {
            let xml = "<Delete><Quiet>true</Quiet>"
                + batch.map { "<Object><Key>\($0.xmlEscaped)</Key></Object>" }.joined() + "</Delete>"
            let body = Array(xml.utf8)
            // S3 refuses DeleteObjects without Content-MD5 (or a checksum header).
            let response = try await withStorageErrors(prefix) {
                try await client.send("POST", key: nil, query: [("delete", "")],
                                      headers: [("Content-MD5", Digests.md5Base64(body)), ("Content-Type", "application/xml")],
                                      body: body)
            }
            if let document = S3XMLDocument(response.body), let failed = document.value("DeleteResult/Error/Key") {
                let code = document.value("DeleteResult/Error/Code") ?? "unknown"
                throw StorageError.backend(key: failed, detail: "DeleteObjects failed: \(code)")
            }
        }
    }

    /// Redirect mode: a presigned GET whose signed `response-content-type` / `response-content-disposition`
    /// make S3 send the right headers. Proxy mode: the object streamed through the server.
    public func serveStrategy(for key: String, options: ServeOptions) async throws -> ServeStrategy {
        switch client.config.serveMode {
        case .redirect:
            return .redirect(url: try await presignedURL(for: key, options: options, expires: client.config.presignedURLExpiry))
        case .proxy:
            let info = try await head(key)
            return .stream(try await get(key, range: nil), info: info)
        }
    }

    /// A presigned GET URL valid for `expires` seconds, with the requested response-header overrides signed in.
    public func presignedURL(for key: String, options: ServeOptions, expires: Int) async throws -> String {
        var query: [(name: String, value: String)] = []
        if let name = options.downloadFileName { query.append(("response-content-disposition", ContentDisposition.attachment(fileName: name))) }
        if let type = options.contentType { query.append(("response-content-type", type)) }
        query.sort { $0.name < $1.name }
        return try await client.presignedGet(key: key, query: query, expires: expires)
    }

    /// Streams the object into a fresh temp file (named after the key's extension, for tools that sniff it).
    public func downloadToTemp(_ key: String) async throws -> TempFile {
        let stream = try await get(key, range: nil)
        let suffix = (key as NSString).pathExtension
        let path = NSTemporaryDirectory() + "gallery-s3-" + UUID().uuidString + (suffix.isEmpty ? "" : "." + suffix)
        let remove: @Sendable () -> Void = { try? FileManager.default.removeItem(atPath: path) }
        do {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw StorageError.backend(key: key, detail: "cannot create temp file \(path)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            for try await chunk in stream { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
        } catch {
            remove()
            throw error
        }
        return TempFile(path: path, cleanup: remove)
    }
}
