/// How presigned-capable reads are served (`IMMICH_S3_SERVE_MODE`).
public enum S3ServeMode: String, Sendable, CaseIterable {
    /// 302 to a presigned URL: the client downloads from S3 directly.
    case redirect
    /// The server streams the object through itself (S3 not reachable by clients).
    case proxy
}

/// How the bucket appears in request URLs.
public enum S3AddressingStyle: Sendable, Equatable {
    /// `https://bucket.s3.region.amazonaws.com/key`: AWS.
    case virtualHost
    /// `endpoint/bucket/key`: any custom endpoint (MinIO, SeaweedFS, Ceph, R2 ...).
    case path
}

/// The S3 half of `StorageConfig`.
public struct S3Config: Sendable, Equatable {
    /// `IMMICH_S3_BUCKET`.
    public var bucket: String
    /// `IMMICH_S3_REGION` (default us-east-1): the SigV4 scope and the AWS host name.
    public var region: String
    /// `IMMICH_S3_ENDPOINT` without a trailing slash; nil means AWS itself.
    public var endpoint: String?
    /// Path style whenever an endpoint is set, virtual-host style for AWS.
    public var addressingStyle: S3AddressingStyle { endpoint == nil ? .virtualHost : .path }
    /// `IMMICH_S3_ACCESS_KEY_ID` / `IMMICH_S3_SECRET_ACCESS_KEY`; nil means the standard AWS credential chain.
    public var credentials: AWSCredentials?
    /// `IMMICH_S3_PRESIGNED_URL_EXPIRY` in seconds (default 3600, at most 604800, SigV4's limit of seven days).
    public var presignedURLExpiry: Int
    /// `IMMICH_S3_SERVE_MODE` (default redirect).
    public var serveMode: S3ServeMode
    /// `IMMICH_S3_MAX_CONNECTIONS` (default 32): the global connection limiter's bound.
    public var maxConnections: Int

    public init(bucket: String, region: String = "us-east-1", endpoint: String? = nil,
                credentials: AWSCredentials? = nil, presignedURLExpiry: Int = 3600,
                serveMode: S3ServeMode = .redirect, maxConnections: Int = 32) {
        self.bucket = bucket
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.presignedURLExpiry = presignedURLExpiry
        self.serveMode = serveMode
        self.maxConnections = maxConnections
    }

    /// Everything but the bucket, read and validated whether or not a bucket is set.
    struct Settings {
        var region: String
        var endpoint: String?
        var credentials: AWSCredentials?
        var presignedURLExpiry: Int
        var serveMode: S3ServeMode
        var maxConnections: Int

        init(_ reader: EnvironmentReader) throws {
            region = try S3Config.region(reader)
            endpoint = try S3Config.endpoint(reader)
            credentials = try S3Config.credentials(reader)
            presignedURLExpiry = try reader.integer("IMMICH_S3_PRESIGNED_URL_EXPIRY", default: 3600,
                                                    in: 1...604_800, unit: "seconds")
            serveMode = try reader.choice("IMMICH_S3_SERVE_MODE", default: S3ServeMode.redirect)
            maxConnections = try reader.integer("IMMICH_S3_MAX_CONNECTIONS", default: 32,
                                                in: 1...1024, unit: "connections")
        }
    }

    init(bucket: String, settings: Settings) throws {
        try Self.validateBucket(bucket)
        self.init(bucket: bucket, region: settings.region, endpoint: settings.endpoint,
                  credentials: settings.credentials, presignedURLExpiry: settings.presignedURLExpiry,
                  serveMode: settings.serveMode, maxConnections: settings.maxConnections)
    }

    /// S3 bucket naming rules: 3 to 63 of `a-z 0-9 . -`, starting and ending with a letter or digit. Anything
    /// else would not survive a host name or a path segment unescaped.
    private static func validateBucket(_ bucket: String) throws {
        let bytes = Array(bucket.utf8)
        let allowed = bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
        guard (3...63).contains(bytes.count), allowed, isLowerAlphanumeric(bytes.first!),
              isLowerAlphanumeric(bytes.last!) else {
            throw StorageConfigError(variable: "IMMICH_S3_BUCKET", value: bucket, expected:
                "expected an S3 bucket name: 3 to 63 lowercase letters, digits, '.' or '-', "
                + "starting and ending with a letter or digit")
        }
    }

    private static func region(_ reader: EnvironmentReader) throws -> String {
        guard let region = reader.string("IMMICH_S3_REGION") else { return "us-east-1" }
        let allowed = region.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        guard allowed, region.utf8.count <= 64 else {
            throw StorageConfigError(variable: "IMMICH_S3_REGION", value: region, expected:
                "expected a region name such as us-east-1 (lowercase letters, digits and '-')")
        }
        return region
    }

    private static func endpoint(_ reader: EnvironmentReader) throws -> String? {
        guard var endpoint = reader.string("IMMICH_S3_ENDPOINT") else { return nil }
        let original = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        let scheme = ["http://", "https://"].first { endpoint.lowercased().hasPrefix($0) }
        let host = scheme.map { endpoint.dropFirst($0.count).prefix { $0 != "/" } } ?? ""
        guard scheme != nil, !host.isEmpty,
              !endpoint.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) else {
            throw StorageConfigError(variable: "IMMICH_S3_ENDPOINT", value: original, expected:
                "expected an http:// or https:// URL with a host and no query, e.g. http://minio:9000")
        }
        return endpoint
    }

    private static func credentials(_ reader: EnvironmentReader) throws -> AWSCredentials? {
        let keyName = "IMMICH_S3_ACCESS_KEY_ID", secretName = "IMMICH_S3_SECRET_ACCESS_KEY"
        switch (reader.string(keyName), reader.string(secretName)) {
        case (nil, nil):
            return nil
        case let (key?, secret?):
            return AWSCredentials(accessKeyId: key, secretAccessKey: secret)
        case (nil, _):
            throw StorageConfigError(variable: keyName, value: nil, expected: "\(secretName) is set; set both or neither")
        case (_, nil):
            throw StorageConfigError(variable: secretName, value: nil, expected: "\(keyName) is set; set both or neither")
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
