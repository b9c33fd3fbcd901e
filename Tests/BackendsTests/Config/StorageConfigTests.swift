import Backends
import Testing

@Suite struct StorageConfigTests {
    @Test func defaultsWithAnEmptyEnvironment() throws {
        let config = try StorageConfig(environment: [:])
        #expect(config.writeBackend == .disk)
        #expect(config.mediaRoots == ["/usr/src/app/upload"])
        #expect(config.s3 == nil)
    }

    @Test func s3DefaultsWhenOnlyABucketIsSet() throws {
        let s3 = try #require(try StorageConfig(environment: ["IMMICH_S3_BUCKET": "photos"]).s3)
        #expect(s3 == S3Config(bucket: "photos"))
        #expect(s3.region == "us-east-1")
        #expect(s3.addressingStyle == .virtualHost)
        #expect(s3.presignedURLExpiry == 3600)
        #expect(s3.serveMode == .redirect)
        #expect(s3.maxConnections == 32)
        #expect(s3.credentials == nil)
    }

    @Test func everyVariableIsRead() throws {
        let config = try StorageConfig(environment: [
            "IMMICH_STORAGE_BACKEND": "S3",
            "IMMICH_S3_BUCKET": "gallery.media-1",
            "IMMICH_S3_REGION": "eu-central-1",
            "IMMICH_S3_ENDPOINT": "http://127.0.0.1:8333/",
            "IMMICH_S3_ACCESS_KEY_ID": "AKID",
            "IMMICH_S3_SECRET_ACCESS_KEY": "secret",
            "IMMICH_S3_PRESIGNED_URL_EXPIRY": "604800",
            "IMMICH_S3_SERVE_MODE": "proxy",
            "IMMICH_S3_MAX_CONNECTIONS": "1024",
            "IMMICH_MEDIA_LOCATION": "/data/upload/:/mnt/legacy//photos:/data/upload",
            "GALLERY_ARCHIVE_READ_ONLY_ROOTS": "/mnt/external/:/mnt/nas/photos",
        ])
        #expect(config.writeBackend == .s3)
        #expect(config.mediaRoots == ["/data/upload", "/mnt/legacy/photos"])
        #expect(config.readOnlyRoots == ["/mnt/external", "/mnt/nas/photos"])
        #expect(config.s3 == S3Config(bucket: "gallery.media-1", region: "eu-central-1",
                                      endpoint: "http://127.0.0.1:8333",
                                      credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret"),
                                      presignedURLExpiry: 604_800, serveMode: .proxy, maxConnections: 1024))
        #expect(config.s3?.addressingStyle == .path)
    }

    @Test func emptyValuesCountAsUnset() throws {
        let config = try StorageConfig(environment: ["IMMICH_S3_BUCKET": "", "IMMICH_S3_REGION": " ",
                                                     "IMMICH_STORAGE_BACKEND": ""])
        #expect(config.s3 == nil)
        #expect(config.writeBackend == .disk)
    }

    /// Each bad value, the variable the error must name, and a fragment of what it must say is allowed.
    @Test(arguments: [
        (["IMMICH_STORAGE_BACKEND": "nfs"], "IMMICH_STORAGE_BACKEND", "disk or s3"),
        (["IMMICH_STORAGE_BACKEND": "s3"], "IMMICH_S3_BUCKET", "IMMICH_STORAGE_BACKEND is s3"),
        (["IMMICH_S3_ENDPOINT": "http://minio:9000"], "IMMICH_S3_BUCKET", "IMMICH_S3_ENDPOINT is set"),
        (["IMMICH_S3_BUCKET": "Photos"], "IMMICH_S3_BUCKET", "lowercase"),
        (["IMMICH_S3_BUCKET": "ab"], "IMMICH_S3_BUCKET", "3 to 63"),
        (["IMMICH_S3_BUCKET": "a/b/c"], "IMMICH_S3_BUCKET", "3 to 63"),
        (["IMMICH_S3_BUCKET": "-photos"], "IMMICH_S3_BUCKET", "starting and ending"),
        (["IMMICH_S3_REGION": "US East"], "IMMICH_S3_REGION", "us-east-1"),
        (["IMMICH_S3_ENDPOINT": "minio:9000", "IMMICH_S3_BUCKET": "b12"], "IMMICH_S3_ENDPOINT", "http://"),
        (["IMMICH_S3_ENDPOINT": "https://", "IMMICH_S3_BUCKET": "b12"], "IMMICH_S3_ENDPOINT", "with a host"),
        (["IMMICH_S3_ENDPOINT": "http://h/?x=1", "IMMICH_S3_BUCKET": "b12"], "IMMICH_S3_ENDPOINT", "no query"),
        (["IMMICH_S3_ACCESS_KEY_ID": "AKID", "IMMICH_S3_BUCKET": "b12"], "IMMICH_S3_SECRET_ACCESS_KEY", "both or neither"),
        (["IMMICH_S3_SECRET_ACCESS_KEY": "s", "IMMICH_S3_BUCKET": "b12"], "IMMICH_S3_ACCESS_KEY_ID", "both or neither"),
        (["IMMICH_S3_PRESIGNED_URL_EXPIRY": "0"], "IMMICH_S3_PRESIGNED_URL_EXPIRY", "1 to 604800"),
        (["IMMICH_S3_PRESIGNED_URL_EXPIRY": "604801"], "IMMICH_S3_PRESIGNED_URL_EXPIRY", "1 to 604800"),
        (["IMMICH_S3_PRESIGNED_URL_EXPIRY": "1h"], "IMMICH_S3_PRESIGNED_URL_EXPIRY", "whole number of seconds"),
        (["IMMICH_S3_SERVE_MODE": "stream"], "IMMICH_S3_SERVE_MODE", "redirect or proxy"),
        (["IMMICH_S3_MAX_CONNECTIONS": "0"], "IMMICH_S3_MAX_CONNECTIONS", "1 to 1024"),
        (["IMMICH_S3_MAX_CONNECTIONS": "1025"], "IMMICH_S3_MAX_CONNECTIONS", "1 to 1024"),
        (["IMMICH_S3_MAX_CONNECTIONS": "-3"], "IMMICH_S3_MAX_CONNECTIONS", "1 to 1024"),
        (["IMMICH_MEDIA_LOCATION": "upload"], "IMMICH_MEDIA_LOCATION", "absolute paths"),
        (["IMMICH_MEDIA_LOCATION": "/a::/b"], "IMMICH_MEDIA_LOCATION", "absolute paths"),
        (["IMMICH_MEDIA_LOCATION": "/a/../b"], "IMMICH_MEDIA_LOCATION", "without . or .."),
        (["GALLERY_ARCHIVE_READ_ONLY_ROOTS": "external"], "GALLERY_ARCHIVE_READ_ONLY_ROOTS", "absolute paths"),
    ])
    func badValuesAreNamed(environment: [String: String], variable: String, allowed: String) {
        let error = #expect(throws: StorageConfigError.self) { try StorageConfig(environment: environment) }
        #expect(error?.variable == variable)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(variable))
        #expect(message.contains(allowed), "\(message)")
        if let value = environment[variable] { #expect(message.contains("\"\(value)\"")) }
    }

    @Test func theSecretNeverAppearsInAnError() {
        let error = #expect(throws: StorageConfigError.self) {
            try StorageConfig(environment: ["IMMICH_S3_SECRET_ACCESS_KEY": "topsecret", "IMMICH_S3_BUCKET": "b12"])
        }
        #expect(!(error.map { "\($0)" } ?? "topsecret").contains("topsecret"))
    }
}
