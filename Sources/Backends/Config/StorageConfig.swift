/// Where new files are written. Both backends always serve reads (routing is by key format); this only picks
/// the destination of new writes (`IMMICH_STORAGE_BACKEND`).
public enum StorageBackendKind: String, Sendable, CaseIterable {
    case disk
    case s3
}

/// The storage configuration, parsed from the seed's environment variables at start-up.
///
/// Both backends are always active: legacy absolute paths are read from disk, relative keys from S3. S3 counts as
/// configured exactly when `IMMICH_S3_BUCKET` is set. `IMMICH_STORAGE_BACKEND=s3` without a bucket is an error, and
/// so is setting `IMMICH_S3_ENDPOINT` or access keys without one (the operator clearly meant to use S3). Region,
/// expiry, serve mode and connection limit have defaults and are validated even when S3 is off, so a typo is
/// found at once rather than on the day S3 is switched on.
public struct StorageConfig: Sendable, Equatable {
    /// `IMMICH_STORAGE_BACKEND` (disk | s3, default disk).
    public var writeBackend: StorageBackendKind
    /// `IMMICH_MEDIA_LOCATION`: the disk media roots, colon-separated absolute paths (default /usr/src/app/upload).
    /// The first root receives new disk writes; all of them are allowed for legacy reads.
    public var mediaRoots: [String]
    /// `GALLERY_ARCHIVE_READ_ONLY_ROOTS`: further disk roots that are only read, never written (Gallery's external
    /// libraries live outside `IMMICH_MEDIA_LOCATION`, often on read-only mounts); colon-separated absolute paths.
    public var readOnlyRoots: [String] = []
    /// The S3 settings, nil when no bucket is configured.
    public var s3: S3Config?

    public static let defaultMediaRoot = "/usr/src/app/upload"

    public init(writeBackend: StorageBackendKind, mediaRoots: [String], s3: S3Config?) {
        self.writeBackend = writeBackend
        self.mediaRoots = mediaRoots
        self.s3 = s3
    }

    /// Parses and validates `environment` (normally `ProcessInfo.processInfo.environment`).
    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment: environment)
        writeBackend = try reader.choice("IMMICH_STORAGE_BACKEND", default: StorageBackendKind.disk)
        mediaRoots = try Self.roots(reader, "IMMICH_MEDIA_LOCATION") ?? [Self.defaultMediaRoot]
        readOnlyRoots = try Self.roots(reader, "GALLERY_ARCHIVE_READ_ONLY_ROOTS") ?? []
        let settings = try S3Config.Settings(reader)
        guard let bucket = reader.string("IMMICH_S3_BUCKET") else {
            if let reason = Self.s3Intent(reader, writeBackend: writeBackend) {
                throw StorageConfigError(variable: "IMMICH_S3_BUCKET", value: nil, expected:
                    "\(reason), so S3 needs a bucket name")
            }
            s3 = nil
            return
        }
        s3 = try S3Config(bucket: bucket, settings: settings)
    }

    /// Why the environment asks for S3, if it does.
    private static func s3Intent(_ reader: EnvironmentReader, writeBackend: StorageBackendKind) -> String? {
        if writeBackend == .s3 { return "IMMICH_STORAGE_BACKEND is s3" }
        for name in ["IMMICH_S3_ENDPOINT", "IMMICH_S3_ACCESS_KEY_ID", "IMMICH_S3_SECRET_ACCESS_KEY"]
        where reader.string(name) != nil {
            return "\(name) is set"
        }
        return nil
    }

    private static func roots(_ reader: EnvironmentReader, _ name: String) throws -> [String]? {
        guard let value = reader.string(name) else { return nil }
        var roots: [String] = []
        for entry in value.split(separator: ":", omittingEmptySubsequences: false) {
            let segments = entry.split(separator: "/")
            guard entry.hasPrefix("/"), !segments.contains("."), !segments.contains("..") else {
                throw StorageConfigError(variable: name, value: value, expected:
                    "expected absolute paths without . or .. segments, separated by ':' (entry \"\(entry)\")")
            }
            let root = "/" + segments.joined(separator: "/")
            if !roots.contains(root) { roots.append(root) }
        }
        return roots
    }
}
